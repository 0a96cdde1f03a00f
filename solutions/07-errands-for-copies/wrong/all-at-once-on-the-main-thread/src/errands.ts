// Wrong on purpose: no copies at all. Every page is fetched from the main
// thread at once, which is quicker, and not what the chapter asks.
export { costOfACopy, type CopyCost, type ErrandOptions } from '../../../src/errands.ts';
import type { ErrandOptions } from '../../../src/errands.ts';

export async function readScrollWithCopies(
  urls: readonly string[],
  options: ErrandOptions,
): Promise<string[]> {
  if (!Number.isInteger(options.copies) || options.copies < 1) {
    throw new RangeError(`bad copies ${options.copies}`);
  }
  return Promise.all(
    urls.map(async (url) => {
      const response = await fetch(url);
      if (!response.ok) throw new Error(`${url} answered ${response.status}`);
      return response.text();
    }),
  );
}
