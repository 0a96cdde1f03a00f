// Correct, another way: the idle copy is a worker file of its own, made
// loadable by tsWorker before the clock starts.
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { tsWorker } from '@spellbook/ts-worker';
import type { CopyCost } from '../../../src/errands.ts';

export { readScrollWithCopies, type CopyCost, type ErrandOptions } from '../../../src/errands.ts';

export async function costOfACopy(): Promise<CopyCost> {
  const file = tsWorker(new URL('./idle-copy.ts', import.meta.url));
  const started = performance.now();
  const copy = new Worker(file);
  try {
    const [heap] = (await once(copy, 'message')) as [number];
    return { startupMs: performance.now() - started, memoryBytes: heap };
  } finally {
    await copy.terminate();
  }
}
