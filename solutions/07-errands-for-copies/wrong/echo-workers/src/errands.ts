// Wrong on purpose: the main thread fetches the pages itself, `copies` at a
// time, and only then passes each text through a pool of `copies` workers
// that hand it straight back. The pool looks busy; the errands were run here.
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
    filename: tsWorker(new URL('./echo-worker.ts', import.meta.url)),
    minThreads: copies,
    maxThreads: copies,
  });
  try {
    const texts: string[] = new Array<string>(urls.length);
    let next = 0;
    const runner = async () => {
      while (next < urls.length) {
        const index = next;
        next += 1;
        const response = await fetch(urls[index] as string);
        if (!response.ok) throw new Error(`${urls[index]} answered ${response.status}`);
        texts[index] = (await pool.run(await response.text())) as string;
      }
    };
    await Promise.all(Array.from({ length: Math.min(copies, urls.length) }, runner));
    return texts;
  } finally {
    await pool.destroy();
  }
}
