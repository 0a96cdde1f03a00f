import { describe, expect, test } from 'vitest';
import { peakMemoryGrowth } from '../src/memory.ts';

const MiB = 2 ** 20;
const fixture = new URL('fixtures/memory-hungry.ts', import.meta.url).pathname;

describe('peakMemoryGrowth', () => {
  test('sees what a function holds, and what it returns', async () => {
    const small = await peakMemoryGrowth(fixture, 'holdMiB', 4, { warmUpArgument: 1 });
    const large = await peakMemoryGrowth(fixture, 'holdMiB', 40, { warmUpArgument: 1 });
    expect([small.value, large.value]).toEqual([4, 40]);
    expect(small.growthBytes / MiB).toBeGreaterThanOrEqual(3.5);
    expect(small.growthBytes / MiB).toBeLessThan(12);
    expect(large.growthBytes / MiB).toBeGreaterThanOrEqual(39);
    expect(large.growthBytes / MiB).toBeLessThan(48);
  }, 30_000);

  test('memory the process gives back first does not hide a rise that follows', async () => {
    // 64 MiB go back as the thread ends, then 24 MiB are held: a plain
    // "highest minus before" sees nothing. (The thread's memory may still be
    // going back while the block is written, which can hide a MiB or two of
    // it; two thirds of it is far from nothing.)
    const { value, growthBytes } = await peakMemoryGrowth(fixture, 'freeThenHoldMiB', 24, {
      warmUpArgument: 0,
    });
    expect(value).toBe(24);
    expect(growthBytes / MiB).toBeGreaterThanOrEqual(16);
    expect(growthBytes / MiB).toBeLessThan(32);
  }, 30_000);
});
