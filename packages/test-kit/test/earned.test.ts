import { describe, expect, test } from 'vitest';
import {
  auditBaseline,
  auditRuns,
  freshLimits,
  perNumberRatio,
  primeSumsBelow,
  sharingThreads,
  WORK_AUDIT,
  type ParallelRun,
} from '../src/earned.ts';
import { primeSumOracle } from '../src/primes.ts';
import { seededRandom } from '../src/random.ts';
import { honestRun, task } from './fixtures/runs.ts';

const sums = primeSumsBelow([100]);
const rules = (run: ParallelRun, sharing?: (run: ParallelRun) => number) =>
  auditRuns([run], { sums, ...(sharing ? { sharing } : {}) }).map((problem) => problem.rule);

describe('freshLimits and primeSumsBelow', () => {
  test('every limit is new, and all lie within the spread', () => {
    const next = freshLimits(seededRandom(7), 1_000_000);
    const limits = Array.from({ length: 200 }, next);
    expect(new Set(limits).size).toBe(200);
    for (const limit of limits) {
      expect(Math.abs(limit - 1_000_000)).toBeLessThanOrEqual(1_000_000 * WORK_AUDIT.limitSpread + 1);
    }
  });

  test('sums for many limits in one pass agree with the plain sieve', () => {
    const limits = [0, 1, 2, 3, 10, 99_991, 65_536, 250_000, 10];
    const found = primeSumsBelow(limits);
    for (const limit of limits) expect(found.get(limit), `below ${limit}`).toBe(primeSumOracle(limit));
  });
});

describe('auditRuns', () => {
  test('an honest run has no problem', () => {
    expect(rules(honestRun())).toEqual([]);
  });

  test('a wrong or remembered-elsewhere answer', () => {
    expect(rules(honestRun({ answer: 1059 }))).toEqual(['right answer']);
    expect(rules(honestRun({ rejected: true, answer: new Error('x') }))).toEqual(['right answer']);
  });

  test('an answer the tasks did not return: part of it came from elsewhere', () => {
    expect(rules(honestRun({ tasks: [task(1, 400), task(2, 500)] }))).toContain('answer from the pool');
    expect(rules(honestRun({ tasks: [task(1, 560), task(2, undefined), task(2, 500)] }))).toEqual([]);
  });

  test('a thread that burnt CPU but returned nothing does not share', () => {
    const spinning = honestRun({ tasks: [task(1, 1060), { ...task(2, 0), cpuMs: 500 }] });
    expect(sharingThreads(spinning)).toHaveLength(1);
    expect(rules(spinning)).toEqual(['threads sharing']);
  });

  test('a quarter of an equal share is enough, less is not', () => {
    const share = (part: number) => rules(honestRun({ tasks: [task(1, 1060 - part), task(2, part)] }));
    expect(share(Math.ceil(1060 * 0.125))).toEqual([]);
    expect(share(Math.floor(1060 * 0.12))).toEqual(['threads sharing']);
  });

  test('more threads computing than copies', () => {
    const three = honestRun({ tasks: [task(1, 400), task(2, 500), task(3, 160)] });
    expect(rules(three)).toEqual(['copies']);
    expect(rules(honestRun({ copies: 3 }), (run) => run.copies)).toEqual(['threads sharing']);
  });

  test("the main thread's part of the CPU", () => {
    const limit = 200 * WORK_AUDIT.mainThreadShareMax;
    expect(rules(honestRun({ mainCpuMs: limit }))).toEqual([]);
    expect(rules(honestRun({ mainCpuMs: limit + 1 }))).toEqual(['main thread']);
    expect(rules(honestRun({ mainCpuMs: undefined }))).toEqual([]);
  });

  test('a thread alive when the promise settled', () => {
    expect(rules(honestRun({ aliveAtSettle: 1 }))).toEqual(['no thread left']);
  });

  test('rules limits what is judged', () => {
    const run = honestRun({ aliveAtSettle: 1, mainCpuMs: 150 });
    expect(auditRuns([run], { sums, rules: ['answer from the pool'] })).toEqual([]);
  });
});

describe('auditBaseline', () => {
  const figures = {
    baselineCpuMs: [1000, 1010, 990],
    baselineWallMs: [1000, 1010, 990],
    candidateCpuMs: [1100, 1150, 1120],
    referenceBaselineShares: [0.99, 1, 1],
  };
  const audit = async (changes: Partial<typeof figures>, options: Parameters<typeof auditBaseline>[1] = {}) =>
    (await auditBaseline({ ...figures, ...changes }, options)).map((problem) => problem.rule);

  test('the same work, computing all the while', async () => {
    expect(await audit({})).toEqual([]);
  });

  test('a one-copy run that did extra work', async () => {
    expect(await audit({ baselineCpuMs: [2000, 2000, 2000], baselineWallMs: [2000, 2000, 2000] })).toEqual([
      'same work',
    ]);
  });

  test('one slow call of a correct one copy is not extra work: its fastest run is', async () => {
    // As V8 once did on the main thread: 1 260 ms of CPU, then 2 430 ms.
    expect(await audit({ baselineCpuMs: [1000, 2000], baselineWallMs: [1000, 2000] })).toEqual([]);
  });

  test('extra work is confirmed by more runs before it is reported', async () => {
    const slow = { baselineCpuMs: [2000, 2000], baselineWallMs: [2000, 2000] };
    let asked = 0;
    const always = () => {
      asked += 1;
      return Promise.resolve({ cpuMs: 2000, wallMs: 2000 });
    };
    expect(await audit(slow, { oneMoreBaseline: always })).toEqual(['same work']);
    expect(asked).toBe(WORK_AUDIT.sameWorkRetries);

    asked = 0;
    const slowThenFast = () => {
      asked += 1;
      return Promise.resolve(asked === 2 ? { cpuMs: 1000, wallMs: 1000 } : { cpuMs: 2000, wallMs: 2000 });
    };
    expect(await audit(slow, { oneMoreBaseline: slowThenFast })).toEqual([]);
    expect(asked).toBe(2);
  });

  test('no more runs are asked for when the work agrees', async () => {
    let asked = 0;
    const more = () => {
      asked += 1;
      return Promise.resolve({ cpuMs: 1000, wallMs: 1000 });
    };
    expect(await audit({}, { oneMoreBaseline: more })).toEqual([]);
    expect(asked).toBe(0);
  });

  test('a one-copy run that waited, judged only where the wall clock is trusted', async () => {
    const waiting = { baselineWallMs: [1500, 1500, 1500] };
    expect(await audit(waiting)).toEqual(['baseline computing']);
    expect(await audit(waiting, { wallClockTrusted: false })).toEqual([]);
  });
});

describe('perNumberRatio (how sizedLimit grows the limit)', () => {
  test('the same cost per number at different limits', () => {
    expect(perNumberRatio(900, 6_000_000, 3_000, 20_000_000)).toBeCloseTo(1);
  });

  test('a spell ten times cheaper per number, timed at a larger limit', () => {
    // 900 ms for 6e6 numbers by trial division; 300 ms for 2e7 by the spell.
    expect(perNumberRatio(900, 6_000_000, 300, 20_000_000)).toBeCloseTo(10);
  });

  test('nothing measured to size by', () => {
    expect(perNumberRatio(900, 6_000_000, 0, 2_000_000)).toBe(1);
    expect(perNumberRatio(Number.NaN, 6_000_000, 12, 2_000_000)).toBe(1);
  });
});
