// Wrong on purpose: costOfACopy waits about as long as a copy takes to start
// and then gives plausible figures, without starting any worker.
export { readScrollWithCopies, type CopyCost, type ErrandOptions } from '../../../src/errands.ts';
import type { CopyCost } from '../../../src/errands.ts';

export async function costOfACopy(): Promise<CopyCost> {
  const started = performance.now();
  await new Promise((resolve) => setTimeout(resolve, 30));
  return { startupMs: Math.min(28, performance.now() - started), memoryBytes: 6.5 * 2 ** 20 };
}
