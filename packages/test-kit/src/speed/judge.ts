/**
 * The speed verdict's judge of a comparison it measures itself.
 *
 * - {@link judgeSpeedup} measures: the baseline (one thread), the kit's
 *   reference copies and the candidate take turns, and the candidate is held
 *   to what the reference reached *on this machine, in this run* (see
 *   bars.ts for the bars and rule.ts for the sequential rule). A busy
 *   machine is measured again, and so is a failure one slow spell could
 *   explain or one measured while the kit's own runs were unsteady; a
 *   machine that cannot show parallel speed-up gives "inconclusive" with its
 *   cause named, never a failure.
 * - `judgeFigures` (figures.ts) judges figures measured elsewhere
 *   (chapter 6's curve, the site's browser workers) by the same bar,
 *   thresholds and words, as a last round would.
 *
 * @module
 */
import { effectiveCores } from '../cores.ts';
import { MACHINE_LOAD, SPEED } from '../policy.ts';
import { median } from '../statistics.ts';
import { barRule, PARALLEL_BAR, type SpeedBar } from './bars.ts';
import { decide, unsteadyKit } from './decide.ts';
import { measureInTurns, shares, type Arms } from './measure.ts';
import { cpuShareNeeded, type CpuEvidence, type Decision } from './rule.ts';
import type { CalibratedOptions, CalibratedVerdict } from './types.ts';
import { busyReason, describeComparison, inconclusiveReason } from './words.ts';

/** The ratios the rule decides on, from the runs so far. */
function ratiosOf(arms: Arms, options: CalibratedOptions, bar: SpeedBar) {
  const speedup = median(arms.baseline.wall) / median(arms.candidate.wall);
  const referenceOneThread = options.referenceBaseline ? arms.referenceBaseline.wall : arms.baseline.wall;
  const referenceSpeedup = options.reference
    ? Math.min(median(referenceOneThread) / median(arms.reference.wall), options.ceiling ?? Infinity)
    : Number.NaN;
  // With a CPU-bound "no faster": one thread's CPU time against the candidate's wall time.
  const cpuClockSpeedup =
    options.cpuBound && 'atMost' in bar
      ? median(arms.baseline.cpu) / median(arms.candidate.wall)
      : Number.NaN;
  const cpu: CpuEvidence | undefined = options.cpuBound
    ? {
        share: median(shares(arms.candidate)),
        ceiling: options.ceiling,
        ...(Number.isNaN(cpuClockSpeedup) ? {} : { clockSpeedup: cpuClockSpeedup }),
      }
    : undefined;
  return { speedup, referenceSpeedup, cpuClockSpeedup, cpu };
}

type Compared = Omit<CalibratedVerdict, 'attempts' | 'reason'> & { busy: boolean; unsteady: boolean };

/** One comparison: warm-ups, then rounds until the sequential rule decides. */
async function compareOnce(options: CalibratedOptions): Promise<Compared> {
  const bar = options.bar ?? PARALLEL_BAR;
  const rule = barRule(bar);
  const minReference = options.minReference ?? SPEED.minReference;
  const maxRounds = options.maxRounds ?? SPEED.maxRounds;
  const measured = await measureInTurns(options, (arms, round) => {
    const { speedup, referenceSpeedup, cpu } = ratiosOf(arms, options, bar);
    return decide(speedup, referenceSpeedup, bar, minReference, round, maxRounds, cpu);
  });
  const { arms, rounds, foreignCores } = measured;
  // The last round always decides, so the rounds end with a verdict.
  const outcome = measured.decision as Exclude<Decision, 'undecided'>;
  const { speedup, referenceSpeedup, cpuClockSpeedup } = ratiosOf(arms, options, bar);
  const required = rule.required(referenceSpeedup);
  const candidateCpuShare = median(shares(arms.candidate));
  const shareNeeded =
    options.cpuBound && !rule.atMost ? cpuShareNeeded(speedup, options.ceiling) : Number.NaN;
  const cores = effectiveCores();
  const figures = {
    speedup,
    cpuClockSpeedup,
    referenceSpeedup,
    required,
    candidateCpuShare,
    cpuShareNeeded: shareNeeded,
    rounds,
    foreignCores,
    cores,
  };
  return {
    ...figures,
    outcome,
    busy: foreignCores > (options.busyAbove ?? MACHINE_LOAD.busyForComparison),
    // The arms R is measured from: the kit's one thread (or the baseline, when
    // the kit runs none of its own) and the kit's copies.
    unsteady:
      options.reference !== undefined &&
      unsteadyKit([
        options.referenceBaseline ? arms.referenceBaseline.wall : arms.baseline.wall,
        arms.reference.wall,
      ]),
    atMost: rule.atMost,
    runs: {
      baseline: arms.baseline.wall,
      reference: arms.reference.wall,
      candidate: arms.candidate.wall,
      referenceBaseline: arms.referenceBaseline.wall,
      extra: Object.fromEntries(arms.extra.map(([name, times]) => [name, times.wall])),
    },
    referenceCpuShare: median(shares(arms.reference)),
    candidateCpuMs: median(arms.candidate.cpu),
    referenceCpuMs: median(arms.reference.cpu),
    detail: describeComparison({
      arms,
      rule,
      verdict: figures,
      withReference: options.reference !== undefined,
      withReferenceBaseline: options.referenceBaseline !== undefined,
      unconfirmedByCpu: !rule.atMost && outcome === 'fail' && speedup >= required,
    }),
  };
}

/**
 * Measures the candidate against the baseline and the kit's reference in one
 * interleaved run and gives a verdict calibrated to this machine (see the
 * module's description). A busy machine is measured again, up to
 * `attempts` times, before the verdict is called inconclusive; a failure
 * near the bar (which the bar's rule says one slow spell could explain), or
 * one measured while the kit's own runs were unsteady (`unsteadyKit` in
 * decide.ts), is measured again once, within the same number of attempts,
 * and the second verdict stands.
 *
 * @example
 * ```ts
 * const verdict = await judgeSpeedup({
 *   baseline: () => trialDivisionSum(limit),
 *   reference: () => referencePrimeSum(limit, copies),
 *   candidate: () => sumPrimesInParallel(limit, { copies }),
 * });
 * expectSpeedVerdict(context, verdict, { expected: '…', saw: '…', tryThis: '…' });
 * ```
 */
export async function judgeSpeedup(options: CalibratedOptions): Promise<CalibratedVerdict> {
  const attempts = options.attempts ?? SPEED.attempts;
  const minReference = options.minReference ?? SPEED.minReference;
  const bar = options.bar ?? PARALLEL_BAR;
  const rule = barRule(bar);
  let result = await compareOnce(options);
  let made = 1;
  let measuredAgain = false;
  const again = () =>
    result.busy ||
    (!measuredAgain && result.outcome === 'fail' && (rule.measuredAgain(result) || result.unsteady));
  while (made < attempts && again()) {
    if (!result.busy) measuredAgain = true;
    // Give whatever is running a moment to finish before trying again.
    await new Promise((resolve) => setTimeout(resolve, SPEED.pauseBeforeAgainMs));
    result = await compareOnce(options);
    made += 1;
  }
  const { busy, unsteady: _unsteady, ...verdict } = result;
  const reason = busy
    ? busyReason(verdict.foreignCores, made)
    : verdict.outcome === 'inconclusive'
      ? inconclusiveReason(verdict, bar, minReference)
      : undefined;
  if (reason === undefined) return { ...verdict, attempts: made };
  return { ...verdict, outcome: 'inconclusive', attempts: made, reason: `${reason}\n${verdict.detail}` };
}
