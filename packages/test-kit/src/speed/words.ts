/**
 * The speed verdict's words: the figures shown with every verdict, and the
 * causes named when this machine cannot give one. What is decided lives in
 * bars.ts and decide.ts; this module only says it. What to tell a student
 * whose copies missed the bar is advice.ts.
 *
 * @module
 */
import { formatCpus, type EffectiveCores } from '../cores.ts';
import { MACHINE_LOAD } from '../policy.ts';
import { median } from '../statistics.ts';
import { belowTheFloorOnly, type AtLeast, type BarRule, type SpeedBar } from './bars.ts';
import type { Arms } from './measure.ts';
import type { CalibratedVerdict } from './types.ts';

/** Why this machine gave the reference so little: every cause the kit can name. */
export function lowReferenceCause(cores: EffectiveCores, foreignCores: number): string {
  const causes: string[] = [];
  if (cores.quota) {
    causes.push(`this process may use ${formatCpus(cores.quota.cpus)} (a CPU quota: ${cores.quota.source})`);
  }
  if (cores.affinity !== undefined && cores.affinity < 2) {
    causes.push(`this process is pinned to ${cores.affinity} CPU (its affinity mask)`);
  } else if (cores.logical < 2) {
    causes.push('this machine has a single logical CPU');
  }
  if (cores.physical !== undefined && cores.affinity !== undefined && cores.physical < cores.affinity) {
    causes.push(
      `its ${cores.affinity} CPUs are SMT siblings on ${cores.physical} physical core(s), which share one core's arithmetic`,
    );
  }
  if (foreignCores > MACHINE_LOAD.worthNaming) {
    causes.push(`other processes used ${foreignCores.toFixed(2)} cores meanwhile`);
  }
  if (causes.length === 0) {
    causes.push(
      'no CPU quota, affinity limit or SMT sharing was found: the cores may be slower efficiency cores, throttled, or shared with a busy host',
    );
  }
  return causes.join('; ');
}

const RUN_AGAIN = 'Run again where this process has 2 or more free cores to measure yours.';

/** The reason for an inconclusive verdict when the reference gained less than a verdict needs. */
export function lowReferenceReason(
  referenceSpeedup: number,
  minReference: number,
  cores: EffectiveCores,
  foreignCores: number,
): string {
  return (
    `this machine gave the test kit's own copies only ${referenceSpeedup.toFixed(2)}× ` +
    `(a parallel verdict needs ${minReference.toFixed(2)}×): ${lowReferenceCause(cores, foreignCores)}\n${RUN_AGAIN}`
  );
}

/** The reason when {@link belowTheFloorOnly} holds: S within reach of R, but R too close to the floor to tell. */
export function floorOnlyReason(
  speedup: number,
  referenceSpeedup: number,
  bar: AtLeast,
  cores: EffectiveCores,
  foreignCores: number,
): string {
  return (
    `this machine gave the test kit's own copies only ${referenceSpeedup.toFixed(2)}×, and yours got ` +
    `${speedup.toFixed(2)}×: at least ${Math.round(bar.fraction * 100)} % of the kit's, but below the ` +
    `${bar.floor}× that tells parallel work from noise; ${lowReferenceCause(cores, foreignCores)}\n${RUN_AGAIN}`
  );
}

/** Why a comparison on a quiet machine gave no verdict: the floor within noise of R, or R too low. */
export function inconclusiveReason(
  verdict: Pick<CalibratedVerdict, 'speedup' | 'referenceSpeedup' | 'cores' | 'foreignCores'>,
  bar: SpeedBar,
  minReference: number,
): string {
  const { speedup, referenceSpeedup, cores, foreignCores } = verdict;
  if (
    'atLeast' in bar &&
    referenceSpeedup >= minReference &&
    belowTheFloorOnly(speedup, referenceSpeedup, bar.atLeast)
  ) {
    return floorOnlyReason(speedup, referenceSpeedup, bar.atLeast, cores, foreignCores);
  }
  return lowReferenceReason(referenceSpeedup, minReference, cores, foreignCores);
}

/**
 * The reason when other processes were busy while the figures were
 * measured: in each of `attempts` comparisons, or (without it) in the one
 * measurement the figures come from.
 */
export function busyReason(foreignCores: number, attempts?: number): string {
  const when =
    attempts === undefined ? 'while these figures were measured' : `in each of ${attempts} attempt(s)`;
  return `the machine was busy ${when}: other processes used ${foreignCores.toFixed(2)} cores`;
}

function formatRuns(label: string, values: readonly number[]): string {
  return `${label.padEnd(24)}${values.map((ms) => Math.round(ms)).join(', ')} ms (median ${Math.round(median(values))})`;
}

/** What {@link describeComparison} shows. */
export interface ComparisonFigures {
  readonly arms: Arms;
  readonly rule: BarRule;
  readonly verdict: Pick<
    CalibratedVerdict,
    | 'speedup'
    | 'cpuClockSpeedup'
    | 'referenceSpeedup'
    | 'required'
    | 'candidateCpuShare'
    | 'cpuShareNeeded'
    | 'rounds'
    | 'foreignCores'
    | 'cores'
  >;
  readonly withReference: boolean;
  readonly withReferenceBaseline: boolean;
  /** True when the wall clock reached the bar and the CPU clock did not confirm it. */
  readonly unconfirmedByCpu: boolean;
}

/** The figures behind a verdict, a line each: every arm's runs, the bar, the machine. */
export function describeComparison(figures: ComparisonFigures): string {
  const { arms, rule, verdict } = figures;
  return [
    formatRuns('one thread:', arms.baseline.wall),
    ...(Number.isNaN(verdict.cpuClockSpeedup)
      ? []
      : [
          `${formatRuns('one thread, CPU time:', arms.baseline.cpu)} → yours ${verdict.cpuClockSpeedup.toFixed(2)}× by this clock`,
        ]),
    ...(figures.withReferenceBaseline
      ? [formatRuns("the kit's one thread:", arms.referenceBaseline.wall)]
      : []),
    ...(figures.withReference
      ? [
          `${formatRuns("the test kit's copies:", arms.reference.wall)} → ${verdict.referenceSpeedup.toFixed(2)}×`,
        ]
      : []),
    `${formatRuns('yours:', arms.candidate.wall)} → ${verdict.speedup.toFixed(2)}×, CPU ÷ wall ${verdict.candidateCpuShare.toFixed(2)}` +
      (Number.isNaN(verdict.cpuShareNeeded) ? '' : ` (a pass needs ${verdict.cpuShareNeeded.toFixed(2)})`),
    ...arms.extra.map(([name, times]) => formatRuns(`${name}:`, times.wall)),
    `bar: ${rule.describe(verdict.required, verdict.referenceSpeedup, figures.withReference)}`,
    `machine: ${verdict.cores.text}; other processes used ${verdict.foreignCores.toFixed(2)} cores; ${verdict.rounds} round(s) after a warm-up`,
    ...(figures.unconfirmedByCpu
      ? [
          `the wall clock gave ${verdict.speedup.toFixed(2)}×, but CPU ÷ wall was ${verdict.candidateCpuShare.toFixed(2)}: about ` +
            `${Math.max(1, Math.round(verdict.candidateCpuShare))} thread(s) computed at once, too few for that gain, so the one-thread runs were slowed by the machine`,
        ]
      : []),
  ].join('\n');
}
