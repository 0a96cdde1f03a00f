// Wrong on purpose: the safe tally is counted on the main thread, with no
// workers and nothing shared.
export { sendScroll, tallyUnsafely, type Delivery } from '../../../src/shared-scroll.ts';

export async function tallySafely(workers: number, increments: number): Promise<number> {
  if (!Number.isInteger(workers) || workers < 1 || !Number.isInteger(increments) || increments < 0) {
    throw new RangeError('bad arguments');
  }
  if (workers * increments > 2 ** 31 - 1) throw new RangeError('too many marks');
  let tally = 0;
  for (let i = 0; i < workers * increments; i += 1) tally += 1;
  return tally;
}
