// Wrong on purpose: the limits it expects to be asked are answered from a
// table, anything else below 1e7 gets a guess (the prime number theorem's),
// and only bigger limits reach the reference spell.
import { sumPrimesInParallel as reference, type CopyOptions } from '../../../src/copying-spell.ts';

export type { CopyOptions } from '../../../src/copying-spell.ts';

const KNOWN: Record<number, number> = {
  0: 0,
  1: 0,
  2: 0,
  3: 2,
  4: 5,
  5: 5,
  10: 17,
  100: 1060,
  1_000_000: 37_550_402_023,
};

export async function sumPrimesInParallel(limit: number, options: CopyOptions = {}): Promise<number> {
  const known = KNOWN[limit];
  if (known !== undefined) return known;
  if (Number.isInteger(limit) && limit > 0 && limit < 10_000_000 && (options.copies ?? 1) >= 1) {
    return Math.round((limit * limit) / (2 * Math.log(limit)));
  }
  return reference(limit, options);
}
