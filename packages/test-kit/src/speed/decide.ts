/**
 * The pure decision: given the figures after a round, a verdict or "measure
 * another round". No clocks here, so the kit's tests can check every case of
 * the rule with made-up figures.
 *
 * @module
 */
import { SPEED } from '../policy.ts';
import { barRule, PARALLEL_BAR, type SpeedBar } from './bars.ts';
import { roundAfter, type CpuEvidence, type Decision } from './rule.ts';

/**
 * After `round` of `maxRounds` rounds, a verdict only if every ratio it rests
 * on is further from its bar than the round's margin. First the machine: no
 * parallel verdict unless the reference itself gained at least
 * `minReference` (skipped when R is NaN, no reference measured). Then the
 * bar's own rule ({@link barRule}), given `cpu` for CPU-bound work.
 */
export function decide(
  speedup: number,
  referenceSpeedup: number,
  bar: SpeedBar,
  minReference: number,
  round: number,
  maxRounds: number,
  cpu?: CpuEvidence,
): Decision {
  const now = roundAfter(round, maxRounds);
  if (!Number.isNaN(referenceSpeedup)) {
    if (now.clearlyBelow(referenceSpeedup, minReference)) return 'inconclusive';
    if (!now.final && !now.clearlyAbove(referenceSpeedup, minReference)) return 'undecided';
  }
  return barRule(bar).decideRound({ speedup, referenceSpeedup, ...(cpu ? { cpu } : {}) }, now);
}

/**
 * True for a failure that one slow spell of the machine could explain, which
 * is measured once more in a fresh comparison (see {@link BarRule.measuredAgain}).
 * A wrong solution fails the second comparison too, so this costs only its time.
 */
export function failsNearTheBar(verdict: {
  readonly outcome: string;
  readonly speedup: number;
  readonly required: number;
  readonly atMost: boolean;
}): boolean {
  if (verdict.outcome !== 'fail') return false;
  // Either kind's question needs only S and the bar it was held to, so any bar of the kind will do.
  return barRule(verdict.atMost ? { atMost: verdict.required } : PARALLEL_BAR).measuredAgain(verdict);
}

/**
 * True when some of the kit's own arms (`arms`: the runs of each, in ms) have
 * runs further apart than {@link SPEED.unsteadySpread}, slowest ÷ fastest.
 * The kit's code does the same work every time, so such a spread is the
 * machine's, and the R measured through it, with the bar, is chance's too: a
 * failure is measured again (see judgeSpeedup).
 */
export function unsteadyKit(arms: ReadonlyArray<readonly number[]>): boolean {
  return arms.some(
    (runs) => runs.length >= 2 && Math.max(...runs) > Math.min(...runs) * SPEED.unsteadySpread,
  );
}
