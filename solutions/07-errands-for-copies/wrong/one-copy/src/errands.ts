// Wrong on purpose: the reference errands, but always with a single copy,
// whatever was asked for.
export { costOfACopy, type CopyCost, type ErrandOptions } from '../../../src/errands.ts';
import { readScrollWithCopies as reference, type ErrandOptions } from '../../../src/errands.ts';

export function readScrollWithCopies(urls: readonly string[], options: ErrandOptions): Promise<string[]> {
  if (!Number.isInteger(options.copies) || options.copies < 1) {
    return Promise.reject(new RangeError(`bad copies ${options.copies}`));
  }
  return reference(urls, { copies: 1 });
}
