import {
  availableCores,
  describeValue,
  explain,
  inconclusive,
  rejectionOf,
  resetTinypoolLog,
  seededRandom,
  tinypoolLog,
  watchLoad,
} from '@spellbook/test-kit';
import type * as TinypoolModule from 'tinypool';
import { beforeEach, describe, expect, test, vi } from 'vitest';
import { chooseCopies, measureCopies, splitRange } from '../src/how-many-copies.ts';

vi.mock('tinypool', async (importOriginal) => {
  const kit = await import('@spellbook/test-kit');
  return kit.spyOnTinypool(await importOriginal<typeof TinypoolModule>());
});

beforeEach(() => resetTinypoolLog());

/** The cost of testing every number in [from, to) by trial division, up to a constant: ∫√x dx. */
const cost = ([from, to]: readonly [number, number]): number => to ** 1.5 - from ** 1.5;

function coverageProblems(ranges: Array<[number, number]>, limit: number, chunks: number): string[] {
  const problems: string[] = [];
  if (ranges.length !== chunks) problems.push(`${ranges.length} ranges instead of ${chunks}`);
  if (ranges[0]?.[0] !== 0) problems.push(`the first range starts at ${ranges[0]?.[0]}, not 0`);
  if (ranges.at(-1)?.[1] !== limit) {
    problems.push(`the last range ends at ${ranges.at(-1)?.[1]}, not ${limit}`);
  }
  ranges.forEach(([from, to], i) => {
    if (!Number.isInteger(from) || !Number.isInteger(to)) {
      problems.push(`range ${i} [${from}, ${to}) is not whole numbers`);
    }
    if (from > to) problems.push(`range ${i} [${from}, ${to}) runs backwards`);
    const next = ranges[i + 1];
    if (next && next[0] !== to) {
      problems.push(`range ${i} ends at ${to} but range ${i + 1} starts at ${next[0]}`);
    }
  });
  return problems;
}

describe('splitRange', () => {
  test('covers [0, limit) exactly: no gap, no overlap, in order', () => {
    const random = seededRandom();
    for (let i = 0; i < 20; i += 1) {
      const limit = random.int(0, 100_000_000);
      const chunks = random.int(1, 64);
      const ranges = splitRange(limit, chunks);
      expect(coverageProblems(ranges, limit, chunks), `splitRange(${limit}, ${chunks})`).toEqual([]);
    }
  });

  test('small limits, even smaller than the number of chunks', () => {
    expect(coverageProblems(splitRange(10, 3), 10, 3)).toEqual([]);
    expect(coverageProblems(splitRange(3, 8), 3, 8)).toEqual([]);
    expect(splitRange(0, 4)).toEqual([
      [0, 0],
      [0, 0],
      [0, 0],
      [0, 0],
    ]);
    expect(splitRange(1_000, 1)).toEqual([[0, 1_000]]);
  });

  test('balances the cost: the costliest chunk is at most 1.25 × the average', () => {
    const random = seededRandom();
    for (let i = 0; i < 20; i += 1) {
      const chunks = random.int(2, 64);
      const limit = random.int(chunks * 10_000, 100_000_000);
      const costs = splitRange(limit, chunks).map(cost);
      const mean = costs.reduce((a, b) => a + b, 0) / costs.length;
      const heaviest = Math.max(...costs);
      expect(
        heaviest / mean,
        explain({
          expected: `the costliest of ${chunks} chunks below ${limit} to cost at most 1.25 × the average`,
          saw: `${(heaviest / mean).toFixed(2)} × (ranges of equal width put the dear numbers in the last chunk)`,
          tryThis: 'make the ranges narrower as the numbers grow: boundary i at limit × (i / chunks)^(2/3)',
        }),
      ).toBeLessThanOrEqual(1.25);
    }
  });

  test.each([
    [-1, 4],
    [10.5, 4],
    [100, 0],
    [100, 2.5],
    [Number.NaN, 2],
  ])('splitRange(%s, %s) throws a RangeError', (limit, chunks) => {
    expect(() => splitRange(limit, chunks)).toThrow(RangeError);
  });
});

describe('chooseCopies', () => {
  test('picks the fewest copies within 5 % of the best speed-up, in any order', () => {
    const random = seededRandom();
    for (let i = 0; i < 25; i += 1) {
      const peak = random.int(1, 8);
      const curve = Array.from({ length: 12 }, (_, index) => {
        const copies = index + 1;
        // Rising to the peak, a plateau of near-equals after it, then falling away.
        const speedup =
          copies <= peak
            ? copies * 0.9
            : peak * 0.9 * (copies - peak <= 2 ? 0.97 + random.next() * 0.03 : 0.8);
        return { copies, speedup, ms: 1_000 / speedup };
      });
      const best = Math.max(...curve.map((point) => point.speedup));
      const expected = Math.min(
        ...curve.filter((point) => point.speedup >= 0.95 * best).map((point) => point.copies),
      );
      const shuffled = random.shuffle(curve);
      expect(
        chooseCopies(shuffled),
        `on the curve ${JSON.stringify(shuffled.map(({ copies, speedup }) => [copies, +speedup.toFixed(2)]))}`,
      ).toBe(expected);
    }
  });

  test('a single measurement is its own answer', () => {
    expect(chooseCopies([{ copies: 3, speedup: 0.8 }])).toBe(3);
  });

  test('no measurements is an error', async () => {
    const error = await rejectionOf(() => chooseCopies([]));
    expect(error, `expected a RangeError, saw ${describeValue(error)}`).toBeInstanceOf(RangeError);
  });
});

describe('measureCopies', () => {
  const cores = availableCores();
  const counts = [...new Set([1, 2, 3, 4, cores, 2 * cores, 4 * cores])].sort((a, b) => a - b);
  const limit = 4_000_000;

  test(
    `measures the curve for ${counts.join(', ')} copies, each through a pool of that size`,
    { timeout: 120_000 },
    async (context) => {
      let curve: Awaited<ReturnType<typeof measureCopies>> = [];
      let foreignCores = 0;
      for (let attempt = 1; attempt <= 2; attempt += 1) {
        resetTinypoolLog();
        const load = watchLoad();
        curve = await measureCopies(limit, counts);
        foreignCores = load.stop().foreignCores;
        if (foreignCores <= 0.35) break;
      }

      // The shape of the answer.
      expect(
        curve.map((point) => point.copies),
        'one point per count, in the order asked',
      ).toEqual(counts);
      for (const point of curve) {
        expect(Number.isFinite(point.ms) && point.ms > 0, `ms for ${point.copies} copies: ${point.ms}`).toBe(
          true,
        );
        expect(
          Number.isFinite(point.speedup) && point.speedup > 0,
          `speedup for ${point.copies} copies`,
        ).toBe(true);
      }
      // Every speed-up is measured against the same one-thread time.
      const oneThread = curve.map((point) => point.speedup * point.ms);
      expect(
        Math.max(...oneThread) / Math.min(...oneThread),
        'speedup × ms should be the same one-thread time for every point',
      ).toBeLessThan(1.05);

      // What the pools really did.
      for (const copies of counts) {
        const pools = tinypoolLog.filter((pool) => pool.maxThreads === copies);
        expect(
          pools.length,
          explain({
            expected: `at least one Tinypool with maxThreads ${copies}`,
            saw: `pools with maxThreads ${tinypoolLog.map((pool) => pool.maxThreads).join(', ') || 'none'}`,
            tryThis: 'make a new Tinypool with minThreads and maxThreads set to the count being measured',
          }),
        ).toBeGreaterThan(0);
        const busiest = Math.max(
          ...pools.map((pool) => [...pool.threads.values()].filter((t) => t.activeMs > 1).length),
        );
        expect(busiest, `a pool of ${copies} should have all ${copies} threads working`).toBe(copies);
      }

      if (cores < 2) context.skip(`only ${cores} core: there is no speed-up to see`);
      if (foreignCores > 0.35) {
        inconclusive(context, `machine busy (other processes used ${foreignCores.toFixed(2)} cores)`);
      }
      const at = (copies: number) => curve.find((point) => point.copies === copies)?.speedup ?? Number.NaN;
      const table = curve.map((point) => `${point.copies}: ${point.speedup.toFixed(2)}×`).join(', ');
      console.info(`measured at ${limit}: ${table}`);
      expect(
        at(cores),
        explain({ expected: `a real speed-up with ${cores} copies on ${cores} cores`, saw: table }),
      ).toBeGreaterThan(1.3);
      expect(
        at(4 * cores),
        explain({
          expected: `${4 * cores} copies to be no faster than ${cores} (beyond 10 % noise) on ${cores} cores`,
          saw: table,
        }),
      ).toBeLessThanOrEqual(at(cores) * 1.1);
      const chosen = chooseCopies(curve);
      expect(
        chosen,
        explain({
          expected: `chooseCopies on this machine's curve to pick ${cores - 1}–${cores + 1} copies`,
          saw: `${chosen} (${table})`,
        }),
      ).toBeGreaterThanOrEqual(cores - 1);
      expect(chosen).toBeLessThanOrEqual(cores + 1);
    },
  );

  test('rejects a bad count with a RangeError', async () => {
    const error = await rejectionOf(() => measureCopies(1_000, [2, 0]));
    expect(error, `expected a RangeError, saw ${describeValue(error)}`).toBeInstanceOf(RangeError);
  });
});
