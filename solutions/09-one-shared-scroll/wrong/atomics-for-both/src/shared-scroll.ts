// Wrong on purpose: the "unsafe" tally uses Atomics too, so it never shows
// the race the chapter is about.
export { sendScroll, tallySafely, type Delivery } from '../../../src/shared-scroll.ts';
import { tallySafely } from '../../../src/shared-scroll.ts';

export function tallyUnsafely(workers: number, increments: number): Promise<number> {
  return tallySafely(workers, increments);
}
