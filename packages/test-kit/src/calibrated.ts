/**
 * Speed verdicts that hold on any machine. A parallel solution is not held
 * to a fixed multiple of a core count, which only a quiet machine of whole,
 * unthrottled cores can give; it is held to what the test kit's own
 * reference copies (reference/copies.ts) reach *on this machine, in this
 * run*:
 *
 * - the baseline (one thread), the reference and the candidate take turns,
 *   after a warm-up of each, so a slow moment of the machine hurts all alike;
 * - R = baseline ÷ reference is what this machine can give this work now, and
 *   S = baseline ÷ candidate is what the student's code got;
 * - the candidate passes when S ≥ max(floor, fraction × R), a floor above 1
 *   so that "parallel" always means faster, and fails only below
 *   fraction × R; in between (R so low that the floor is within noise of it)
 *   the verdict is inconclusive;
 * - when R itself is too low for a parallel verdict (a CPU quota, one allowed
 *   CPU, SMT siblings, a busy machine), the verdict is *inconclusive* with the
 *   cause named, never a failure;
 * - a sequential rule stops early when the verdict is clear beyond noise: after
 *   round r it decides only if S (and R) are further from the bar than the
 *   margin for r rounds ({@link SEQUENTIAL_MARGINS}), and fails only after
 *   {@link FAIL_AFTER_ROUNDS} rounds — unless, for CPU-bound work, both
 *   clocks put the candidate far below the bar ({@link EARLY_FAIL_MARGIN});
 *   near the bar it measures more rounds, and after the last round it
 *   decides on the medians alone;
 * - for CPU-bound work (`cpuBound`) a pass must also show in the CPU clock:
 *   the candidate's CPU ÷ wall, about the number of threads computing at
 *   once, must confirm half of the gain S claims ({@link cpuShareNeeded}).
 *   One thread stays near 1 however slow the baseline's runs happened to be,
 *   so a slow moment of the machine cannot pass code that computes on one thread;
 * - for a CPU-bound claim of "no faster" (`atMost`), a failure must also show
 *   in the CPU clock: the one-thread run's CPU time, which does not grow while
 *   the machine keeps that thread waiting, against the candidate's wall time
 *   ({@link CalibratedVerdict.cpuClockSpeedup}). More threads or less work
 *   shows in both clocks; a one-thread run slowed by the machine only in the wall clock;
 * - a failure near the bar (within the first round's margin), and every
 *   failure of "no faster", which has no reference to absorb a slow spell, is
 *   measured once more, in a fresh comparison, and the second verdict stands:
 *   a slow spell of the machine that lasts a whole comparison fails no one on its own.
 *
 * @module
 */
import { measureRun } from './clocks.ts';
import { effectiveCores, formatCpus, type EffectiveCores } from './cores.ts';
import { watchLoad } from './machine.ts';
import { MACHINE_LOAD, SPEED } from './policy.ts';
import { median } from './statistics.ts';

/** {@link SPEED}'s sequential margins: how far a ratio must be from its bar to be decided after 1, 2, 3 … rounds. */
export const SEQUENTIAL_MARGINS: readonly number[] = SPEED.sequentialMargins;

/** {@link SPEED}'s rounds measured, at the least, before a failing verdict. */
export const FAIL_AFTER_ROUNDS = SPEED.failAfterRounds;

/**
 * For CPU-bound work, how far below the bar S must be for a failure before
 * {@link FAIL_AFTER_ROUNDS} rounds: twice the first round's margin, so
 * S × 1.3 < bar. It also needs the CPU clock to agree: CPU ÷ wall short of
 * what the bar itself needs ({@link cpuShareNeeded} at the bar). One slow
 * one-thread run can lower S, but not the CPU ÷ wall of threads that really
 * compute together; code that computes on one thread (CPU ÷ wall ≈ 1, S ≈ 1)
 * is told so after one round instead of three.
 */
export const EARLY_FAIL_MARGIN = SPEED.earlyFailMargin;

/**
 * How much of a measured gain over one thread the CPU clock must confirm: a
 * pass at S× needs CPU ÷ wall ≥ 1 + (S − 1) × this.
 */
export const CPU_CONFIRMATION = SPEED.cpuConfirmation;

/**
 * The CPU ÷ wall a CPU-bound candidate needs to pass with a measured
 * speed-up of `speedup`× (cut to `ceiling`, the most the work can truly gain).
 * Work shared by threads that really compute together uses about as much CPU
 * as one thread, in a fraction of the wall time, so its CPU ÷ wall is close
 * to its speed-up. A run on one thread stays near 1 — a little above while a
 * cold pool's threads start, below it when the machine takes the CPU away —
 * however slow the one-thread runs it is compared with happened to be, so the
 * larger the gain the wall clock claims, the further it falls short.
 */
export function cpuShareNeeded(speedup: number, ceiling = Infinity): number {
  return 1 + Math.max(0, Math.min(speedup, ceiling) - 1) * CPU_CONFIRMATION;
}

/** What the candidate's speed-up is held to. */
export type SpeedBar =
  /** S ≥ max(floor, fraction × R): real parallel code, close to what the machine gives. */
  | { readonly atLeast: { readonly fraction: number; readonly floor: number } }
  /** S ≤ limit: the candidate must *not* be faster (chapter 4: async adds no thread). */
  | { readonly atMost: number };

/** The default bar: at least 1.15× and at least 80 % of the reference's speed-up. */
export const PARALLEL_BAR: SpeedBar = {
  atLeast: { fraction: SPEED.parallelFraction, floor: SPEED.parallelFloor },
};

/** Options for {@link judgeSpeedup}. */
export interface CalibratedOptions {
  /** The one-thread run both speed-ups are measured against. */
  readonly baseline: () => unknown;
  /** The code under test. */
  readonly candidate: () => unknown;
  /**
   * The test kit's trusted implementation of the same work, on copies. Leave
   * it out only for a claim any single thread can check — "no faster than
   * one thread" (`atMost`), or one algorithm against another on this thread
   * (`atLeast` with its floor alone as the bar): then no R is measured.
   */
  readonly reference?: () => unknown;
  /**
   * The reference's own one-thread run, when `baseline` is the student's
   * (lesson 11 compares the student's sieve with their own parallel sieve,
   * and the kit's with the kit's). Default: `baseline`.
   */
  readonly referenceBaseline?: () => unknown;
  /**
   * CPU-bound work (the prime sums): a pass also needs the candidate's CPU ÷
   * wall to reach {@link cpuShareNeeded}, and with an `atMost` bar a failure
   * needs {@link CalibratedVerdict.cpuClockSpeedup} above the bar too. Leave
   * it out for waiting work (chapter 7), whose copies gain without computing.
   */
  readonly cpuBound?: boolean;
  /** More runs to time in every round (after the others), reported in `runs.extra`; not part of the verdict. */
  readonly extra?: Readonly<Record<string, () => unknown>>;
  /** Default {@link PARALLEL_BAR}. */
  readonly bar?: SpeedBar;
  /**
   * The most the reference can truly gain: for CPU-bound work on N copies,
   * N (or the logical CPUs, if fewer). A higher measured R is a slow moment
   * of the one-thread run, not capacity, and is cut to this. Default: no cap
   * (waiting work, as in chapter 7, can gain more than the cores).
   */
  readonly ceiling?: number;
  /** Below this reference speed-up no parallel verdict is given (default {@link SPEED}.minReference, 1.3). */
  readonly minReference?: number;
  /** Rounds at most (default {@link SPEED}.maxRounds, 4); fewer when the verdict is clear early. */
  readonly maxRounds?: number;
  /** Foreign load, in cores, above which a comparison is called busy (default {@link MACHINE_LOAD}.busyForComparison, 0.35). */
  readonly busyAbove?: number;
  /** Comparisons made at most while the machine is busy (default {@link SPEED}.attempts, 3). */
  readonly attempts?: number;
}

/** The wall times of every measured run, in ms, by arm. */
export interface CalibratedRuns {
  readonly baseline: number[];
  readonly reference: number[];
  readonly candidate: number[];
  readonly referenceBaseline: number[];
  readonly extra: Record<string, number[]>;
}

/** What {@link judgeSpeedup} decided, with its evidence. */
export interface CalibratedVerdict {
  readonly outcome: 'pass' | 'fail' | 'inconclusive';
  /** S: median(baseline) ÷ median(candidate). */
  readonly speedup: number;
  /**
   * With `cpuBound` and an `atMost` bar: median(baseline's CPU time) ÷
   * median(candidate's wall time), the gain over what one thread's work
   * costs when the machine does not keep it waiting. NaN otherwise.
   */
  readonly cpuClockSpeedup: number;
  /** R: median(reference baseline) ÷ median(reference); NaN when no reference was measured. */
  readonly referenceSpeedup: number;
  /** The bar S was held to: the least S allowed, or with `atMost` the most. */
  readonly required: number;
  /** True when `required` is a maximum (the `atMost` bar). */
  readonly atMost: boolean;
  /** Rounds measured in the last attempt. */
  readonly rounds: number;
  /** Comparisons made (more than 1 when the machine was busy, or a failure near the bar was measured again). */
  readonly attempts: number;
  readonly runs: CalibratedRuns;
  /** Median CPU time ÷ wall time of the candidate's runs: about the number of threads computing at once. */
  readonly candidateCpuShare: number;
  /** With `cpuBound` and an `atLeast` bar, the CPU ÷ wall a pass at the measured S needed ({@link cpuShareNeeded}); NaN otherwise. */
  readonly cpuShareNeeded: number;
  /** The same for the reference's runs. */
  readonly referenceCpuShare: number;
  /** Median CPU time of one candidate run, all threads, in ms. */
  readonly candidateCpuMs: number;
  /** Median CPU time of one reference run, all threads, in ms. */
  readonly referenceCpuMs: number;
  /** Cores' worth of CPU other processes used meanwhile. */
  readonly foreignCores: number;
  readonly cores: EffectiveCores;
  /** With `inconclusive`: why, in words, with the cause the kit could name. */
  readonly reason?: string;
  /** The figures, for a failure message. */
  readonly detail: string;
}

type Decision = 'pass' | 'fail' | 'inconclusive' | 'undecided';

/** The bar for a given R (NaN when no reference was measured: the floor alone). */
function requiredFor(bar: SpeedBar, referenceSpeedup: number): number {
  if ('atMost' in bar) return bar.atMost;
  if (Number.isNaN(referenceSpeedup)) return bar.atLeast.floor;
  return Math.max(bar.atLeast.floor, bar.atLeast.fraction * referenceSpeedup);
}

/**
 * The sequential rule, after `round` of `maxRounds` rounds: a verdict only if
 * every ratio it rests on is further from its bar than the round's margin.
 * With `cpu` (the candidate's median CPU ÷ wall, given for CPU-bound work,
 * and the work's ceiling) a pass also needs {@link cpuShareNeeded}; a
 * wall-clock gain that the CPU clock does not show is measured again, and
 * fails after the last round; and a failure may come before
 * {@link FAIL_AFTER_ROUNDS} rounds when both clocks put it far below the bar
 * ({@link EARLY_FAIL_MARGIN}). With an `atMost` bar, `cpu.clockSpeedup`
 * (when given) must be above the bar too for a failure: the lesser of the
 * two gains is the one judged.
 */
export function decide(
  speedup: number,
  referenceSpeedup: number,
  bar: SpeedBar,
  minReference: number,
  round: number,
  maxRounds: number,
  cpu?: { readonly share: number; readonly ceiling?: number; readonly clockSpeedup?: number },
): Decision {
  const final = round >= maxRounds;
  const margin = final ? 0 : (SEQUENTIAL_MARGINS[round - 1] ?? 0);
  const clearlyBelow = (value: number, limit: number) => value * (1 + margin) < limit;
  const clearlyAbove = (value: number, limit: number) => value > limit * (1 + margin);
  // No parallel verdict unless the machine itself shows parallel speed-up
  // (NaN: no reference was measured, as for a claim of "no faster").
  if (!Number.isNaN(referenceSpeedup)) {
    if (final ? referenceSpeedup < minReference : clearlyBelow(referenceSpeedup, minReference)) {
      return 'inconclusive';
    }
    if (!final && !clearlyAbove(referenceSpeedup, minReference)) return 'undecided';
  }
  const required = requiredFor(bar, referenceSpeedup);
  // A failure rests on at least FAIL_AFTER_ROUNDS runs of each arm, so that
  // one run slowed by the machine (a throttled quota period, another
  // process) can never fail a student on its own; a pass may come sooner.
  const failing = final || round >= FAIL_AFTER_ROUNDS ? 'fail' : 'undecided';
  if ('atMost' in bar) {
    // Faster only if both clocks say so: a one-thread run the machine kept
    // waiting is slow by the wall clock alone.
    const gain = Math.min(speedup, cpu?.clockSpeedup ?? Infinity);
    if (final) return gain <= required ? 'pass' : 'fail';
    if (clearlyBelow(gain, required)) return 'pass';
    return clearlyAbove(gain, required) ? failing : 'undecided';
  }
  // Below the floor but within `fraction` of what the kit's copies got: the
  // machine gains too little to tell this code from noise (R near the floor).
  const closeToReference = Number.isNaN(referenceSpeedup)
    ? required
    : bar.atLeast.fraction * referenceSpeedup;
  const cpuConfirms = cpu === undefined || cpu.share >= cpuShareNeeded(speedup, cpu.ceiling);
  if (final) {
    if (speedup >= required) return cpuConfirms ? 'pass' : 'fail';
    return speedup >= closeToReference ? 'inconclusive' : 'fail';
  }
  if (clearlyAbove(speedup, required)) return cpuConfirms ? 'pass' : 'undecided';
  if (!clearlyBelow(speedup, closeToReference)) return 'undecided';
  const bothClocksFarBelow =
    cpu !== undefined &&
    speedup * (1 + EARLY_FAIL_MARGIN) < closeToReference &&
    cpu.share < cpuShareNeeded(required, cpu.ceiling);
  return bothClocksFarBelow ? 'fail' : failing;
}

/**
 * True for a failure that one slow spell of the machine could explain, which
 * is measured once more: within the first round's margin of the least
 * speed-up allowed, or a pass by the wall clock alone that the CPU clock did
 * not confirm; and any failure of "no faster" (`atMost`), since no reference
 * measured beside it absorbs a slow spell of the one-thread runs. A wrong
 * solution fails the second comparison too, so this costs only its time.
 */
export function failsNearTheBar(
  verdict: Pick<CalibratedVerdict, 'outcome' | 'speedup' | 'required' | 'atMost'>,
): boolean {
  if (verdict.outcome !== 'fail') return false;
  if (verdict.atMost) return true;
  const margin = 1 + (SEQUENTIAL_MARGINS[0] ?? 0);
  return verdict.speedup * margin >= verdict.required;
}

/** The `atLeast` bar's two parts. */
export type AtLeast = Extract<SpeedBar, { atLeast: unknown }>['atLeast'];

/**
 * True when S fell below the floor but not below `fraction × R`: the machine
 * gave the reference so little that the floor lies within noise of what this
 * work can gain here. Such a verdict is inconclusive, not a failure.
 */
export function belowTheFloorOnly(speedup: number, referenceSpeedup: number, bar: AtLeast): boolean {
  return speedup < bar.floor && speedup >= bar.fraction * referenceSpeedup;
}

/** The reason given when {@link belowTheFloorOnly} holds. */
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
    `${bar.floor}× that tells parallel work from noise; ${lowReferenceCause(cores, foreignCores)}\n` +
    'Run again where this process has 2 or more free cores to measure yours.'
  );
}

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

interface Arm {
  readonly wall: number[];
  readonly cpu: number[];
}

const arm = (): Arm => ({ wall: [], cpu: [] });

async function timeInto(target: Arm, run: () => unknown): Promise<void> {
  const cost = await measureRun(run);
  target.wall.push(cost.wallMs);
  target.cpu.push(cost.cpuMs);
}

const shares = (target: Arm): number[] => target.wall.map((wall, i) => (target.cpu[i] ?? 0) / wall);

function formatRuns(label: string, values: readonly number[]): string {
  return `${label.padEnd(24)}${values.map((ms) => Math.round(ms)).join(', ')} ms (median ${Math.round(median(values))})`;
}

/** One comparison: warm-ups, then rounds until the sequential rule decides. */
async function compareOnce(
  options: CalibratedOptions,
): Promise<Omit<CalibratedVerdict, 'attempts' | 'reason'> & { decision: Decision; busy: boolean }> {
  const bar = options.bar ?? PARALLEL_BAR;
  const minReference = options.minReference ?? SPEED.minReference;
  const maxRounds = options.maxRounds ?? SPEED.maxRounds;
  const { reference, referenceBaseline } = options;
  const extras = Object.entries(options.extra ?? {});
  const arms = { baseline: arm(), reference: arm(), candidate: arm(), referenceBaseline: arm() };
  const extraArms = extras.map(([name]) => [name, arm()] as const);

  await options.baseline();
  if (referenceBaseline) await referenceBaseline();
  if (reference) await reference();
  await options.candidate();
  for (const [, run] of extras) await run();

  const watch = watchLoad();
  let decision: Decision = 'undecided';
  let rounds = 0;
  let speedup = Number.NaN;
  let referenceSpeedup = Number.NaN;
  let cpuClockSpeedup = Number.NaN;
  while (decision === 'undecided') {
    rounds += 1;
    await timeInto(arms.baseline, options.baseline);
    if (referenceBaseline) await timeInto(arms.referenceBaseline, referenceBaseline);
    if (reference) await timeInto(arms.reference, reference);
    await timeInto(arms.candidate, options.candidate);
    for (const [index, [, run]] of extras.entries()) await timeInto(extraArms[index]![1], run);
    speedup = median(arms.baseline.wall) / median(arms.candidate.wall);
    const referenceOneThread = referenceBaseline ? arms.referenceBaseline.wall : arms.baseline.wall;
    referenceSpeedup = reference
      ? Math.min(median(referenceOneThread) / median(arms.reference.wall), options.ceiling ?? Infinity)
      : Number.NaN;
    // With a CPU-bound "no faster": one thread's CPU time against the candidate's wall time.
    if (options.cpuBound && 'atMost' in bar) {
      cpuClockSpeedup = median(arms.baseline.cpu) / median(arms.candidate.wall);
    }
    const cpu = options.cpuBound
      ? {
          share: median(shares(arms.candidate)),
          ceiling: options.ceiling,
          ...(Number.isNaN(cpuClockSpeedup) ? {} : { clockSpeedup: cpuClockSpeedup }),
        }
      : undefined;
    decision = decide(speedup, referenceSpeedup, bar, minReference, rounds, maxRounds, cpu);
  }
  const { foreignCores } = watch.stop();
  const busy = foreignCores > (options.busyAbove ?? MACHINE_LOAD.busyForComparison);
  const cores = effectiveCores();
  const required = requiredFor(bar, referenceSpeedup);
  const candidateCpuShare = median(shares(arms.candidate));
  const shareNeeded =
    options.cpuBound && 'atLeast' in bar ? cpuShareNeeded(speedup, options.ceiling) : Number.NaN;
  const detail = [
    formatRuns('one thread:', arms.baseline.wall),
    ...(Number.isNaN(cpuClockSpeedup)
      ? []
      : [
          `${formatRuns('one thread, CPU time:', arms.baseline.cpu)} → yours ${cpuClockSpeedup.toFixed(2)}× by this clock`,
        ]),
    ...(referenceBaseline ? [formatRuns("the kit's one thread:", arms.referenceBaseline.wall)] : []),
    ...(reference
      ? [`${formatRuns("the test kit's copies:", arms.reference.wall)} → ${referenceSpeedup.toFixed(2)}×`]
      : []),
    `${formatRuns('yours:', arms.candidate.wall)} → ${speedup.toFixed(2)}×, CPU ÷ wall ${candidateCpuShare.toFixed(2)}` +
      (Number.isNaN(shareNeeded) ? '' : ` (a pass needs ${shareNeeded.toFixed(2)})`),
    ...extraArms.map(([name, times]) => formatRuns(`${name}:`, times.wall)),
    `bar: ${'atMost' in bar ? 'at most' : 'at least'} ${required.toFixed(2)}×` +
      ('atLeast' in bar && reference
        ? ` (${bar.atLeast.fraction} × the kit's ${referenceSpeedup.toFixed(2)}×, and never below ${bar.atLeast.floor}×)`
        : ''),
    `machine: ${cores.text}; other processes used ${foreignCores.toFixed(2)} cores; ${rounds} round(s) after a warm-up`,
    ...('atLeast' in bar && decision === 'fail' && speedup >= required
      ? [
          `the wall clock gave ${speedup.toFixed(2)}×, but CPU ÷ wall was ${candidateCpuShare.toFixed(2)}: about ` +
            `${Math.max(1, Math.round(candidateCpuShare))} thread(s) computed at once, too few for that gain, so the one-thread runs were slowed by the machine`,
        ]
      : []),
  ].join('\n');
  return {
    // The last round always decides, so the loop ends with a verdict.
    outcome: decision,
    decision,
    busy,
    speedup,
    cpuClockSpeedup,
    referenceSpeedup,
    required,
    atMost: 'atMost' in bar,
    rounds,
    runs: {
      baseline: arms.baseline.wall,
      reference: arms.reference.wall,
      candidate: arms.candidate.wall,
      referenceBaseline: arms.referenceBaseline.wall,
      extra: Object.fromEntries(extraArms.map(([name, times]) => [name, times.wall])),
    },
    candidateCpuShare,
    cpuShareNeeded: shareNeeded,
    referenceCpuShare: median(shares(arms.reference)),
    candidateCpuMs: median(arms.candidate.cpu),
    referenceCpuMs: median(arms.reference.cpu),
    foreignCores,
    cores,
    detail,
  };
}

/**
 * Measures the candidate against the baseline and the kit's reference in one
 * interleaved run and gives a verdict calibrated to this machine (see the
 * module's description). A busy machine is measured again, up to
 * `attempts` times, before the verdict is called inconclusive; a failure
 * near the bar ({@link failsNearTheBar}) is measured again once, within the
 * same number of attempts, and the second verdict stands.
 *
 * @example
 * ```ts
 * const verdict = await judgeSpeedup({
 *   baseline: () => trialDivisionSum(limit),
 *   reference: () => referencePrimeSum(limit, copies),
 *   candidate: () => sumPrimesInParallel(limit, { copies }),
 * });
 * if (verdict.outcome === 'inconclusive') inconclusive(context, verdict.reason);
 * expect(verdict.outcome, verdict.detail).toBe('pass');
 * ```
 */
export async function judgeSpeedup(options: CalibratedOptions): Promise<CalibratedVerdict> {
  const attempts = options.attempts ?? SPEED.attempts;
  const minReference = options.minReference ?? SPEED.minReference;
  let result = await compareOnce(options);
  let made = 1;
  let measuredAgain = false;
  const again = () => result.busy || (!measuredAgain && failsNearTheBar(result));
  while (made < attempts && again()) {
    if (!result.busy) measuredAgain = true;
    // Give whatever is running a moment to finish before trying again.
    await new Promise((resolve) => setTimeout(resolve, SPEED.pauseBeforeAgainMs));
    result = await compareOnce(options);
    made += 1;
  }
  const { decision: _decision, busy, ...verdict } = result;
  if (busy) {
    return {
      ...verdict,
      outcome: 'inconclusive',
      attempts: made,
      reason: `the machine was busy in each of ${made} attempt(s): other processes used ${verdict.foreignCores.toFixed(2)} cores\n${verdict.detail}`,
    };
  }
  const bar = options.bar ?? PARALLEL_BAR;
  if (
    verdict.outcome === 'inconclusive' &&
    'atLeast' in bar &&
    verdict.referenceSpeedup >= minReference &&
    belowTheFloorOnly(verdict.speedup, verdict.referenceSpeedup, bar.atLeast)
  ) {
    return {
      ...verdict,
      attempts: made,
      reason: `${floorOnlyReason(verdict.speedup, verdict.referenceSpeedup, bar.atLeast, verdict.cores, verdict.foreignCores)}\n${verdict.detail}`,
    };
  }
  if (verdict.outcome === 'inconclusive') {
    return {
      ...verdict,
      attempts: made,
      reason:
        `this machine gave the test kit's own copies only ${verdict.referenceSpeedup.toFixed(2)}× ` +
        `(a parallel verdict needs ${minReference.toFixed(2)}×): ${lowReferenceCause(verdict.cores, verdict.foreignCores)}\n` +
        `Run again where this process has 2 or more free cores to measure yours.\n${verdict.detail}`,
    };
  }
  return { ...verdict, attempts: made };
}

/** What a parallel candidate's failure looked like, for {@link parallelAdvice}. */
export interface ParallelEvidence {
  /** Worker threads that really computed (from the Tinypool spy). */
  readonly busyThreads: number;
}

/** What to tell the student in each case {@link parallelAdvice} can tell apart. */
export interface ParallelAdviceText {
  /** The work stayed on one thread. */
  readonly notSpread: string;
  /** Everything else: the copies ran together but some were left idle. */
  readonly unbalanced: string;
}

/**
 * Advice from evidence, for a candidate that missed the bar while the
 * machine did show parallel speed-up: work on one thread; threads that took
 * turns (CPU ÷ wall near 1); copies whose work is slower than the
 * reference's per number (CPU time far above the kit's); otherwise balance.
 */
export function parallelAdvice(
  verdict: CalibratedVerdict,
  evidence: ParallelEvidence,
  text: ParallelAdviceText,
): string {
  if (evidence.busyThreads < 2) return text.notSpread;
  if (verdict.candidateCpuShare < SPEED.tookTurnsBelow) {
    return (
      `the copies took turns: CPU ÷ wall was ${verdict.candidateCpuShare.toFixed(2)}, so about one thread computed at a time, ` +
      `while the kit's copies reached ${verdict.referenceCpuShare.toFixed(2)} on this machine. ` +
      'Start every task before awaiting any of them (Promise.all over pool.run)'
    );
  }
  const cpuRatio = verdict.candidateCpuMs / verdict.referenceCpuMs;
  if (cpuRatio > SPEED.slowerWorkAbove) {
    return (
      `your copies spent ${cpuRatio.toFixed(1)}× the CPU time of the kit's copies on the same numbers: ` +
      'the work inside each copy is slower, not the way it is shared out. Make the per-number work as cheap as the one-thread version'
    );
  }
  return text.unbalanced;
}
