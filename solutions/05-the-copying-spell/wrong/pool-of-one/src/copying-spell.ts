// Wrong on purpose: the reference spell, but always with a single copy,
// whatever was asked for.
import { sumPrimesInParallel as reference, type CopyOptions } from '../../../src/copying-spell.ts';

export type { CopyOptions } from '../../../src/copying-spell.ts';

export function sumPrimesInParallel(limit: number, options: CopyOptions = {}): Promise<number> {
  if (options.copies !== undefined && (!Number.isInteger(options.copies) || options.copies < 1)) {
    return Promise.reject(new RangeError(`bad copies ${options.copies}`));
  }
  return reference(limit, { ...options, copies: 1 });
}
