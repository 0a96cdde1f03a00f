import { describe, expect, test } from 'vitest';
import type { EffectiveCores } from '../src/cores.ts';
import { expectSpeedVerdict } from '../src/matchers.ts';
import { LESSON_BARS, MACHINE_LOAD, SPEED } from '../src/policy.ts';
import { barRule, PARALLEL_BAR } from '../src/speed/bars.ts';
import { judgeFigures } from '../src/speed/figures.ts';
import { roundAfter } from '../src/speed/rule.ts';
import { fakeContext, Skipped } from './fixtures/context.ts';

const twoCores: EffectiveCores = {
  cores: 2,
  logical: 2,
  affinity: 2,
  physical: 2,
  reasons: [],
  text: '2 cores',
};
const quiet = MACHINE_LOAD.busyForComparison / 2;

describe('judgeFigures: figures measured elsewhere, by the same rule', () => {
  const figures = { referenceSpeedup: 1.9, foreignCores: quiet, copies: 2, cores: twoCores };

  test('at or above the bar passes; below it, and below the kit, fails', () => {
    const required = SPEED.parallelFraction * 1.9;
    expect(judgeFigures({ ...figures, speedup: required })).toMatchObject({ outcome: 'pass', required });
    expect(judgeFigures({ ...figures, speedup: required - 0.01 }).outcome).toBe('fail');
    expect(judgeFigures({ ...figures, speedup: 1.0 }).outcome).toBe('fail');
  });

  test('a busy machine, too few cores, or a kit that gained too little gives no verdict, with the cause', () => {
    const busy = judgeFigures({
      ...figures,
      speedup: 1.0,
      foreignCores: MACHINE_LOAD.busyForComparison + 0.1,
    });
    expect(busy).toMatchObject({ outcome: 'inconclusive', cause: 'busy' });
    expect(busy.reason).toMatch(/busy while these figures were measured/);
    const oneCore = judgeFigures({
      ...figures,
      speedup: 1.0,
      cores: { ...twoCores, cores: 1, text: '1 CPU' },
    });
    expect(oneCore).toMatchObject({ outcome: 'inconclusive', cause: 'cores' });
    expect(oneCore.reason).toMatch(/can use 1 CPU, fewer than the 2 copies/);
    for (const referenceSpeedup of [SPEED.minReference - 0.01, Number.NaN]) {
      const low = judgeFigures({ ...figures, speedup: 1.0, referenceSpeedup });
      expect(low).toMatchObject({ outcome: 'inconclusive', cause: 'reference' });
      expect(low.reason).toMatch(/a parallel verdict needs 1\.30×/);
    }
  });

  test('below the floor but within reach of a kit near it is inconclusive, as in a comparison', () => {
    // R 1.35: 80 % of it is 1.08, below the 1.15 floor, so 1.1× cannot be told from noise.
    const verdict = judgeFigures({ ...figures, speedup: 1.1, referenceSpeedup: 1.35 });
    expect(verdict).toMatchObject({ outcome: 'inconclusive', cause: 'floor', required: 1.15 });
    expect(verdict.reason).toMatch(/below the 1\.15× that tells parallel work from noise/);
  });

  test('the ceiling cuts R, and a lesson bar replaces the default one', () => {
    expect(judgeFigures({ ...figures, speedup: 1.6, referenceSpeedup: 3, ceiling: 2 })).toMatchObject({
      outcome: 'pass',
      referenceSpeedup: 2,
      required: 1.6,
    });
    // R 2.4: the default bar asks 1.92×; chapter 6's curve bar asks 60 % of it, 1.44×.
    expect(judgeFigures({ ...figures, speedup: 1.5, referenceSpeedup: 2.4 }).outcome).toBe('fail');
    const curve = judgeFigures({
      ...figures,
      speedup: 1.5,
      referenceSpeedup: 2.4,
      bar: { atLeast: LESSON_BARS.curve },
    });
    expect(curve.outcome).toBe('pass');
    expect(curve.required).toBeCloseTo(LESSON_BARS.curve.fraction * 2.4);
  });
});

describe('the two kinds of bar', () => {
  test('each gives its bar, its last round and its words', () => {
    const last = roundAfter(4, 4);
    const atLeast = barRule(PARALLEL_BAR);
    expect(atLeast.atMost).toBe(false);
    expect(atLeast.required(1.9)).toBeCloseTo(1.52);
    expect(atLeast.required(Number.NaN)).toBe(SPEED.parallelFloor);
    expect(atLeast.decideRound({ speedup: 1.52, referenceSpeedup: 1.9 }, last)).toBe('pass');
    expect(atLeast.describe(1.52, 1.9, true)).toBe(
      "at least 1.52× (0.8 × the kit's 1.90×, and never below 1.15×)",
    );
    const atMost = barRule({ atMost: 1.25 });
    expect(atMost.atMost).toBe(true);
    expect(atMost.required(Number.NaN)).toBe(1.25);
    expect(atMost.decideRound({ speedup: 1.3, referenceSpeedup: Number.NaN }, last)).toBe('fail');
    expect(
      atMost.decideRound(
        { speedup: 1.3, referenceSpeedup: Number.NaN, cpu: { share: 1, clockSpeedup: 1.1 } },
        last,
      ),
    ).toBe('pass');
    expect(atMost.describe(1.25, Number.NaN, false)).toBe('at most 1.25×');
  });
});

describe('expectSpeedVerdict', () => {
  const words = { expected: 'at least 1.52×', saw: '1.10×', tryThis: 'start every task first' };

  test('a pass passes; a failure fails with the words and the figures', () => {
    expectSpeedVerdict(fakeContext().context, { outcome: 'pass', detail: 'figures' }, words);
    expect(() =>
      expectSpeedVerdict(fakeContext().context, { outcome: 'fail', detail: 'one thread: 500 ms' }, words),
    ).toThrow(/expected at least 1\.52×, saw 1\.10×[\s\S]*start every task first[\s\S]*one thread: 500 ms/);
  });

  test('an inconclusive verdict ends the test as inconclusive, with its reason', () => {
    const { fake, context } = fakeContext();
    expect(() =>
      expectSpeedVerdict(context, { outcome: 'inconclusive', reason: 'the machine was busy' }, words),
    ).toThrow(Skipped);
    expect(fake.task.meta.inconclusive).toBe('inconclusive: the machine was busy');
  });
});
