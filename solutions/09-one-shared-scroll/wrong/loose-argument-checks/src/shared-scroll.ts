// Wrong on purpose: the argument checks compare but never ask for whole
// numbers, so NaN slips past every comparison and half a mark is counted as
// a whole one. The tallies themselves are the reference solution's.
import {
  sendScroll,
  tallySafely as safely,
  tallyUnsafely as unsafely,
  type Delivery,
} from '../../../src/shared-scroll.ts';

export { sendScroll, type Delivery };

function check(workers: number, increments: number): { workers: number; increments: number } {
  if (workers < 1 || increments < 0 || workers * increments > 2 ** 31 - 1) {
    throw new RangeError('bad arguments');
  }
  // Rounds what the checks let through, instead of refusing it.
  return { workers: Math.max(1, Math.round(workers) || 1), increments: Math.round(increments) || 0 };
}

export async function tallySafely(workers: number, increments: number): Promise<number> {
  const checked = check(workers, increments);
  return safely(checked.workers, checked.increments);
}

export async function tallyUnsafely(workers: number, increments: number): Promise<number> {
  const checked = check(workers, increments);
  return unsafely(checked.workers, checked.increments);
}
