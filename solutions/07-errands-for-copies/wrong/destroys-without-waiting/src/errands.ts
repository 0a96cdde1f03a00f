// Wrong on purpose: the pool is told to stop, but the promise settles at once,
// while its threads are still exiting (pool.destroy() is not awaited).
import { tsWorker } from '@spellbook/ts-worker';
import { Tinypool } from 'tinypool';

export { costOfACopy } from '../../../src/errands.ts';

export async function readScrollWithCopies(
  urls: readonly string[],
  options: { copies: number },
): Promise<string[]> {
  const { copies } = options;
  if (!Number.isInteger(copies) || copies < 1) throw new RangeError(`bad copies ${copies}`);
  const pool = new Tinypool({
    filename: tsWorker(new URL('../../../src/errand-worker.ts', import.meta.url)),
    minThreads: copies,
    maxThreads: copies,
  });
  try {
    return (await Promise.all(urls.map((url) => pool.run(url)))) as string[];
  } finally {
    void pool.destroy();
  }
}
