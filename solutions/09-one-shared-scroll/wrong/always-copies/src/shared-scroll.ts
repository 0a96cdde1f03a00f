// Wrong on purpose: the buffer is always copied, whatever `transfer` says.
export { tallySafely, tallyUnsafely, type Delivery } from '../../../src/shared-scroll.ts';
import { sendScroll as reference, type Delivery } from '../../../src/shared-scroll.ts';

export function sendScroll(buffer: ArrayBuffer, _options: { transfer: boolean }): Promise<Delivery> {
  return reference(buffer, { transfer: false });
}
