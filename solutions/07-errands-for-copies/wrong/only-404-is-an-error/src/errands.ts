// Wrong on purpose: the reference solution's pool, with an errand that treats
// only 404 as a failure (see errand-worker.ts).
import { tsWorker } from '@spellbook/ts-worker';
import { Tinypool } from 'tinypool';
import type { ErrandOptions } from '../../../src/errands.ts';

export { costOfACopy, type CopyCost, type ErrandOptions } from '../../../src/errands.ts';

export async function readScrollWithCopies(
  urls: readonly string[],
  options: ErrandOptions,
): Promise<string[]> {
  const { copies } = options;
  if (!Number.isInteger(copies) || copies < 1) throw new RangeError(`bad copies ${copies}`);
  if (urls.length === 0) return [];
  const pool = new Tinypool({
    filename: tsWorker(new URL('./errand-worker.ts', import.meta.url)),
    minThreads: copies,
    maxThreads: copies,
  });
  try {
    return (await Promise.all(urls.map((url) => pool.run(url)))) as string[];
  } finally {
    await pool.destroy();
  }
}
