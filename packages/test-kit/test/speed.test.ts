import { describe, expect, test } from 'vitest';
import { belowTheFloorOnly, PARALLEL_BAR, type SpeedBar } from '../src/speed/bars.ts';
import { decide, failsNearTheBar, unsteadyKit } from '../src/speed/decide.ts';
import { cpuShareNeeded } from '../src/speed/rule.ts';
import { lowReferenceCause } from '../src/speed/words.ts';
import type { EffectiveCores } from '../src/cores.ts';

const atMost: SpeedBar = { atMost: 1.25 };

describe('the sequential rule', () => {
  test.each([
    // S, R, round: far above / below the bar decides at once; near it waits for more rounds.
    [1.9, 1.9, 1, 'pass'],
    [1.0, 1.9, 1, 'undecided'], // clearly below, but a failure waits for a median of 3 runs
    [1.0, 1.9, 3, 'fail'],
    [1.45, 1.9, 1, 'undecided'], // the bar is 1.52: 5 % away is noise after one round
    [1.45, 1.9, 4, 'fail'], // the last round decides on the medians alone
    [1.53, 1.9, 4, 'pass'],
    [1.6, 1.0, 1, 'inconclusive'], // the machine gave the kit's copies nothing
    [1.6, 1.35, 1, 'undecided'], // R near the 1.3 needed: measure more
    [1.6, 1.29, 4, 'inconclusive'],
    [1.2, 1.32, 4, 'pass'], // the floor, 1.15, is the bar when 0.8 × R is lower
    [1.1, 1.32, 4, 'inconclusive'], // below the floor, yet within 80 % of the kit's: too little to tell
    [1.0, 1.32, 4, 'fail'], // below 0.8 × R too
    [1.0, 1.36, 3, 'fail'],
    [1.1, 1.32, 3, 'undecided'],
    [1.1, 1.5, 4, 'fail'], // 0.8 × 1.5 = 1.2 is above the floor: no gap
  ] as const)('S %s, R %s after round %s of 4: %s', (speedup, reference, round, decision) => {
    expect(decide(speedup, reference, PARALLEL_BAR, 1.3, round, 4)).toBe(decision);
  });

  test.each([
    [1.0, 1, 'pass'],
    [1.6, 1, 'undecided'],
    [1.6, 3, 'fail'],
    [1.2, 1, 'undecided'],
    [1.2, 4, 'pass'],
    [1.3, 4, 'fail'],
  ] as const)('no faster than 1.25×: S %s after round %s: %s', (speedup, round, decision) => {
    // No reference is measured for a claim of "no faster".
    expect(decide(speedup, Number.NaN, atMost, 1.3, round, 4)).toBe(decision);
  });
});

describe('CPU-bound "no faster": the CPU clock must confirm a failure', () => {
  test.each([
    // wall S, one thread's CPU time ÷ the candidate's wall, round
    [1.51, 1.02, 3, 'pass'], // the one-thread runs were kept waiting: the wall clock alone saw a gain
    [1.51, 1.02, 4, 'pass'],
    [1.9, 1.85, 3, 'fail'], // a second thread: both clocks see it
    [8, 7.5, 3, 'fail'], // less work (a sieve): both clocks see it
    [1.6, 1.6, 1, 'undecided'], // a failure still waits for a median of three
    [1.3, 1.3, 4, 'fail'],
    [1.0, 1.9, 1, 'pass'], // the one-thread run's helper threads cannot fail a candidate the wall clock clears
  ] as const)(
    'S %s, by the CPU clock %s, after round %s of 4: %s',
    (speedup, clockSpeedup, round, decision) => {
      expect(decide(speedup, Number.NaN, atMost, 1.3, round, 4, { share: 1, clockSpeedup })).toBe(decision);
    },
  );
});

describe('CPU-bound work: the CPU clock must confirm a pass', () => {
  test('the share a pass needs is half the claimed gain, cut to the ceiling, and 1 for no gain', () => {
    expect(cpuShareNeeded(1.6)).toBeCloseTo(1.3);
    expect(cpuShareNeeded(3, 2)).toBeCloseTo(1.5); // 3× on 2 copies is a slow baseline, not capacity
    expect(cpuShareNeeded(1)).toBe(1);
    expect(cpuShareNeeded(0.8)).toBe(1);
  });

  // R 1.9 puts the bar at 1.52.
  test.each([
    // S, CPU ÷ wall, round: a wall-clock gain on one thread is never a pass.
    [1.9, 1.85, 1, 'pass'],
    [1.9, 1.13, 1, 'undecided'], // one thread (and a cold pool's start-up): the baseline was slow, measure more
    [1.9, 1.13, 3, 'undecided'],
    [1.9, 1.13, 4, 'fail'], // still one thread after the last round
    [1.6, 1.25, 4, 'fail'], // 1.6× needs 1.3
    [1.6, 1.35, 4, 'pass'],
    [1.0, 1.0, 3, 'fail'], // an honest failure is unchanged
    // Both clocks far below the bar: one thread, told after one round.
    [1.0, 1.0, 1, 'fail'],
    [1.0, 1.15, 1, 'fail'], // a cold pool's start-up on one thread
    [1.0, 1.3, 1, 'undecided'], // the CPU clock shows threads computing together: measure more
    [1.2, 1.0, 1, 'undecided'], // 1.2 × 1.3 reaches the bar of 1.52: not far enough below
    [1.1, 1.0, 2, 'fail'],
  ] as const)('S %s with CPU ÷ wall %s after round %s of 4: %s', (speedup, share, round, decision) => {
    expect(decide(speedup, 1.9, PARALLEL_BAR, 1.3, round, 4, { share, ceiling: 2 })).toBe(decision);
  });

  test('without a share (waiting work) the wall clock alone decides, and a failure waits for 3 rounds', () => {
    expect(decide(1.9, 1.9, PARALLEL_BAR, 1.3, 1, 4)).toBe('pass');
    expect(decide(1.0, 1.9, PARALLEL_BAR, 1.3, 1, 4)).toBe('undecided');
    expect(decide(1.0, 1.9, PARALLEL_BAR, 1.3, 2, 4)).toBe('undecided');
  });

  test('an early failure needs a machine that shows parallel speed-up', () => {
    // R near the 1.3 needed: no verdict of any kind after one round.
    expect(decide(1.0, 1.4, PARALLEL_BAR, 1.3, 1, 4, { share: 1.0, ceiling: 2 })).toBe('undecided');
    expect(decide(1.0, 1.0, PARALLEL_BAR, 1.3, 1, 4, { share: 1.0, ceiling: 2 })).toBe('inconclusive');
  });
});

describe('a failure near the bar is measured again', () => {
  const verdict = (speedup: number, required: number, atMost = false, outcome = 'fail' as const) => ({
    outcome,
    speedup,
    required,
    atMost,
  });
  test.each([
    [1.3, 1.49, true], // 1.3 × 1.15 reaches the bar: one slow spell could explain it
    [1.0, 1.49, false], // far below: a one-thread speed
    [1.6, 1.49, true], // above the bar, failed by the CPU clock
  ] as const)('S %s against a bar of %s: again %s', (speedup, required, again) => {
    expect(failsNearTheBar(verdict(speedup, required))).toBe(again);
  });

  test('for "no faster", with no reference beside it, every failure is measured again', () => {
    expect(failsNearTheBar(verdict(1.3, 1.25, true))).toBe(true);
    expect(failsNearTheBar(verdict(1.9, 1.25, true))).toBe(true);
  });

  test('a pass or an inconclusive verdict is never measured again', () => {
    expect(failsNearTheBar({ outcome: 'pass', speedup: 1.3, required: 1.49, atMost: false })).toBe(false);
    expect(failsNearTheBar({ outcome: 'inconclusive', speedup: 1.3, required: 1.49, atMost: false })).toBe(
      false,
    );
  });
});

test('with no reference, an atLeast bar is its floor: one algorithm against another', () => {
  const bar: SpeedBar = { atLeast: { fraction: 0, floor: 20 } };
  expect(decide(70, Number.NaN, bar, 1.3, 1, 4)).toBe('pass');
  expect(decide(3, Number.NaN, bar, 1.3, 3, 4)).toBe('fail');
  expect(decide(19, Number.NaN, bar, 1.3, 4, 4)).toBe('fail');
});

test('below the floor only: between fraction × R and the floor', () => {
  const bar = { fraction: 0.7, floor: 1.15 };
  expect(belowTheFloorOnly(1.1, 1.4, bar)).toBe(true); // 0.98 ≤ 1.1 < 1.15
  expect(belowTheFloorOnly(0.95, 1.4, bar)).toBe(false); // under 0.7 × R: a failure
  expect(belowTheFloorOnly(1.2, 1.4, bar)).toBe(false); // over the floor: a pass
  expect(belowTheFloorOnly(1.2, 1.8, bar)).toBe(false); // 0.7 × 1.8 = 1.26 is above the floor: no gap
});

describe('lowReferenceCause', () => {
  const machine = (extra: Partial<EffectiveCores>): EffectiveCores => ({
    cores: 2,
    logical: 2,
    affinity: 2,
    physical: 2,
    reasons: [],
    text: '',
    ...extra,
  });

  test('names a quota, an affinity mask, SMT siblings and other load', () => {
    expect(lowReferenceCause(machine({ cores: 1, quota: { cpus: 1, source: 'cgroup v1 x' } }), 0)).toContain(
      'may use 1 CPU (a CPU quota: cgroup v1 x)',
    );
    expect(lowReferenceCause(machine({ cores: 1, logical: 1, affinity: 1 }), 0)).toContain('pinned to 1 CPU');
    expect(lowReferenceCause(machine({ physical: 1 }), 0)).toContain('SMT siblings on 1 physical core');
    expect(lowReferenceCause(machine({}), 0.8)).toContain('other processes used 0.80 cores');
  });

  test('says so when it can name no cause', () => {
    expect(lowReferenceCause(machine({}), 0)).toMatch(
      /no CPU quota, affinity limit or SMT sharing was found/,
    );
  });
});

describe("unsteadyKit: a failure is measured again when the kit's own runs disagree", () => {
  test('runs of the same work within a quarter of each other are steady', () => {
    expect(
      unsteadyKit([
        [909, 940, 1000],
        [515, 530, 560],
      ]),
    ).toBe(false);
  });

  test('one arm slowed in some runs is unsteady (CI once saw 1474, 1380 and 909 ms)', () => {
    expect(
      unsteadyKit([
        [1474, 1380, 909],
        [753, 573, 515],
      ]),
    ).toBe(true);
    expect(
      unsteadyKit([
        [909, 940, 1000],
        [753, 573, 515],
      ]),
    ).toBe(true);
  });

  test('one run, or none, shows no spread', () => {
    expect(unsteadyKit([[1474], []])).toBe(false);
  });
});
