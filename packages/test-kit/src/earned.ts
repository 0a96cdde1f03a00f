/**
 * A pass is earned by the work itself. A speed verdict says how fast a call
 * was; this module says whether that call did the work it claims, so that a
 * student who has read the tests cannot earn the verdict another way:
 *
 * - every run of a comparison gets its own limit ({@link freshLimits}), all
 *   of about the same cost, and every answer is checked, so an answer (and
 *   its time) remembered from the run before cannot make a later run look
 *   fast;
 * - the answer must be the sum of what the pool's tasks returned, and a
 *   thread's share is the part of the answer *its* tasks returned: a thread
 *   can burn CPU without computing (spinning on a flag, a dummy task), but it
 *   cannot return a share of a sum it never computed;
 * - the main thread's own CPU stays small while the copies compute, so work
 *   kept at home next to a busy-looking pool shows;
 * - no thread ran tasks beyond `copies`, and every thread has exited at the
 *   moment the promise settles, not some time later;
 * - the one-copy baseline did the same work as the copies (its fastest run's
 *   CPU time and the copies' agree within a band) and computed while it ran
 *   (its CPU ÷ wall is close to the kit's own one-copy run's), so a baseline
 *   slowed on purpose — by extra work or by waiting — shows.
 *
 * The checks are pure functions of figures recorded by {@link recordParallelRun};
 * every threshold is in {@link WORK_AUDIT} (policy.ts).
 *
 * @module
 */
import { expect } from 'vitest';
import { cpuMs, now } from './clocks.ts';
import { throttledMs } from './cores.ts';
import { explain } from './explain.ts';
import { threadCpuMs } from './probe/thread-cpu.mjs';
import type { SeededRandom } from './random.ts';
import { sieveSpan, trialDivisionSpan } from './reference/work.mjs';
import { WORK_AUDIT } from './policy.ts';
import { median } from './statistics.ts';
import { resetTinypoolLog, tinypoolLog, type TaskRecord } from './tinypool-spy.ts';

export { WORK_AUDIT } from './policy.ts';

/**
 * A source of limits near `around`, each different from every one it gave
 * before: one for each run of a comparison. Their costs differ by about 2 ×
 * {@link WORK_AUDIT.limitSpread} at most, far less than a run's noise.
 */
export function freshLimits(random: SeededRandom, around: number, spread: number = WORK_AUDIT.limitSpread) {
  const given = new Set<number>();
  const low = Math.floor(around * (1 - spread));
  const high = Math.ceil(around * (1 + spread));
  return (): number => {
    for (;;) {
      const limit = random.int(low, high);
      if (!given.has(limit)) {
        given.add(limit);
        return limit;
      }
    }
  };
}

/**
 * The sum of the primes below each limit, by the kit's segmented sieve in
 * one pass over the largest (fine up to a few times 1e8, in bounded memory).
 */
export function primeSumsBelow(limits: Iterable<number>): Map<number, number> {
  const sorted = [...new Set(limits)].sort((a, b) => a - b);
  const sums = new Map<number, number>();
  let reached = 0;
  let sum = 0;
  for (const limit of sorted) {
    sum += sieveSpan(reached, Math.max(reached, limit));
    reached = Math.max(reached, limit);
    sums.set(limit, sum);
  }
  return sums;
}

/** What one call of a parallel prime sum did, recorded as it settled. */
export interface ParallelRun {
  /** Which arm of the comparison made it, or what made it. */
  readonly label: string;
  readonly limit: number;
  /** The `copies` it was asked for. */
  readonly copies: number;
  /** What it resolved with (or the error it rejected with). */
  readonly answer: unknown;
  readonly rejected: boolean;
  readonly wallMs: number;
  /** CPU time of the whole process, every thread, in ms. */
  readonly processCpuMs: number;
  /** CPU time of the main thread alone (undefined where the platform cannot tell). */
  readonly mainCpuMs: number | undefined;
  /**
   * How long a CPU quota held the whole process stopped during the call, in
   * ms: wall time in which no thread could compute (0 without a quota,
   * undefined where a quota applies but the kernel's figure cannot be read).
   */
  readonly throttledMs: number | undefined;
  /** Tinypool instances it made. */
  readonly pools: number;
  /** Every task that ran on a worker, as the spy saw it. */
  readonly tasks: readonly TaskRecord[];
  /** Threads that had not exited at the moment the promise settled. */
  readonly aliveAtSettle: number;
  /**
   * Threads that at that moment had neither exited nor been told to
   * terminate: still free to compute. (A thread Tinypool terminated for an
   * aborted task is stopping; its exit may come a moment later.)
   */
  readonly unstoppedAtSettle: number;
  /** Tasks the spy made fail at the test's request (its `failTask`). */
  readonly failedTasks: number;
}

/**
 * Runs one call with the Tinypool spy's log cleared, and records what it did:
 * its answer, its clocks (the main thread's own CPU apart), its tasks, and
 * how many threads were still alive at the moment it settled. For a call
 * that is not a prime sum (lesson 7's errands), `limit` is NaN.
 */
export async function recordParallelRun(
  label: string,
  limit: number,
  copies: number,
  call: () => Promise<unknown>,
): Promise<ParallelRun> {
  resetTinypoolLog();
  const wallStart = now();
  const processStart = cpuMs();
  const mainStart = threadCpuMs();
  const throttledStart = throttledMs();
  let answer: unknown;
  let rejected = false;
  try {
    answer = await call();
  } catch (error) {
    answer = error;
    rejected = true;
  }
  // Read before anything else is awaited: "no thread left" holds at the
  // moment the promise settles, or not at all.
  const threads = tinypoolLog.flatMap((pool) => [...pool.threads.values()]);
  const aliveAtSettle = threads.filter((thread) => !thread.exited).length;
  const unstoppedAtSettle = threads.filter((thread) => !thread.exited && !thread.terminating).length;
  const mainEnd = threadCpuMs();
  const throttledEnd = throttledMs();
  return {
    label,
    limit,
    copies,
    answer,
    rejected,
    wallMs: now() - wallStart,
    processCpuMs: cpuMs() - processStart,
    mainCpuMs: mainStart === undefined || mainEnd === undefined ? undefined : mainEnd - mainStart,
    throttledMs:
      throttledStart === undefined || throttledEnd === undefined ? undefined : throttledEnd - throttledStart,
    pools: tinypoolLog.length,
    tasks: tinypoolLog.flatMap((pool) => pool.taskRecords),
    aliveAtSettle,
    unstoppedAtSettle,
    failedTasks: tinypoolLog.reduce((total, pool) => total + pool.failedTasks, 0),
  };
}

/** What one thread returned in one run. */
export interface ThreadShare {
  readonly threadId: number;
  readonly tasks: number;
  /** The sum of the numbers its tasks returned. */
  readonly answered: number;
  /** {@link answered} as a part of the run's answer. */
  readonly share: number;
}

/** Each thread's part of a run's answer, largest first. */
export function threadShares(run: ParallelRun): ThreadShare[] {
  const byThread = new Map<number, { tasks: number; answered: number }>();
  for (const task of run.tasks) {
    const seen = byThread.get(task.threadId) ?? { tasks: 0, answered: 0 };
    seen.tasks += 1;
    seen.answered += task.result ?? 0;
    byThread.set(task.threadId, seen);
  }
  const total = typeof run.answer === 'number' && run.answer > 0 ? run.answer : Number.NaN;
  return [...byThread.entries()]
    .map(([threadId, seen]) => ({ threadId, ...seen, share: seen.answered / total }))
    .sort((a, b) => b.answered - a.answered);
}

/** Threads whose tasks returned a real share of the answer with `copies` copies. */
export function sharingThreads(run: ParallelRun): ThreadShare[] {
  const equalShare = 1 / Math.max(1, run.copies);
  return threadShares(run).filter((thread) => thread.share >= equalShare * WORK_AUDIT.shareOfEqualShare);
}

/** One run in words: for failure messages. */
export function describeRun(run: ParallelRun): string {
  // Shares of the answer mean something only for a sum.
  const shares = (typeof run.answer === 'number' ? threadShares(run) : [])
    .map(
      (thread) =>
        `thread ${thread.threadId}: ${thread.tasks} task(s) returning ${Number.isNaN(thread.share) ? '?' : `${Math.round(thread.share * 100)} %`} of the answer`,
    )
    .join('; ');
  const main =
    run.mainCpuMs === undefined
      ? ''
      : `, the main thread ${Math.round(run.mainCpuMs)} ms of ${Math.round(run.processCpuMs)} ms CPU`;
  return (
    `${run.label}: ${Number.isFinite(run.limit) ? `primes below ${run.limit.toLocaleString('en')} ` : ''}with ${run.copies} copies in ${Math.round(run.wallMs)} ms${main}; ` +
    `${run.pools} Tinypool(s), ${run.tasks.length} task(s)${shares ? ` (${shares})` : ''}`
  );
}

/** Something a run did that the work it claims does not explain. */
export interface AuditProblem {
  /** What the chapter asks, in a few words (for `expected`). */
  readonly expected: string;
  /** What this run did instead. */
  readonly saw: string;
  /** Which rule: for tests that assert one of them. */
  readonly rule:
    | 'right answer'
    | 'answer from the pool'
    | 'threads sharing'
    | 'copies'
    | 'main thread'
    | 'no thread left'
    | 'same work'
    | 'baseline computing';
}

/** What {@link auditRuns} checks. */
export interface AuditOptions {
  /** The right answer for each limit (from {@link primeSumsBelow}). */
  readonly sums: ReadonlyMap<number, number>;
  /** How many threads must each return a real share of the answer in every run (default: the run's copies, at most 2). */
  readonly sharing?: (run: ParallelRun) => number;
  /**
   * The rules to apply (default: all). A call too small for its threads to be
   * seen sharing, or for the main thread's part to be small, is still held to
   * the right answer, returned by the pool's tasks.
   */
  readonly rules?: readonly AuditProblem['rule'][];
}

/**
 * The per-run checks: the right answer, all of it returned by the pool's
 * tasks, shared by enough threads, no more threads computing than `copies`,
 * the main thread's CPU small, and no thread alive when the promise settled.
 * The first problem of each rule is reported, with the run it came from.
 */
export function auditRuns(runs: readonly ParallelRun[], options: AuditOptions): AuditProblem[] {
  const problems = new Map<AuditProblem['rule'], AuditProblem>();
  const note = (problem: AuditProblem) => {
    if (options.rules && !options.rules.includes(problem.rule)) return;
    if (!problems.has(problem.rule)) problems.set(problem.rule, problem);
  };
  for (const run of runs) {
    const expectedSum = options.sums.get(run.limit);
    if (run.rejected || run.answer !== expectedSum) {
      note({
        rule: 'right answer',
        expected: `the sum of the primes below ${run.limit} (${expectedSum}) from every run`,
        saw: `${run.rejected ? 'a rejection' : String(run.answer)} (${run.label})`,
      });
      continue;
    }
    const returned = run.tasks.reduce((total, task) => total + (task.result ?? 0), 0);
    const notNumbers = run.tasks.filter((task) => task.result === undefined).length;
    if (returned !== run.answer) {
      note({
        rule: 'answer from the pool',
        expected:
          'the answer to be the sum of the numbers the pool’s tasks returned (each task returns its chunk’s sum)',
        saw:
          `the tasks returned ${returned} in all, the call answered ${String(run.answer)}` +
          (notNumbers > 0 ? `; ${notNumbers} task(s) returned something other than a number` : '') +
          `\n${describeRun(run)}`,
      });
    }
    const needed = options.sharing ? options.sharing(run) : Math.min(run.copies, 2);
    const sharing = sharingThreads(run);
    if (sharing.length < needed) {
      note({
        rule: 'threads sharing',
        expected: `at least ${needed} worker thread(s) whose tasks each returned a real share of the answer (a quarter of an equal share or more)`,
        saw: `${sharing.length}\n${describeRun(run)}`,
      });
    }
    const working = new Set(run.tasks.map((task) => task.threadId)).size;
    if (working > run.copies) {
      note({
        rule: 'copies',
        expected: `at most ${run.copies} worker thread(s) computing: the copies asked for`,
        saw: `${working} threads ran tasks\n${describeRun(run)}`,
      });
    }
    if (
      run.mainCpuMs !== undefined &&
      run.processCpuMs > 0 &&
      run.mainCpuMs > run.processCpuMs * WORK_AUDIT.mainThreadShareMax
    ) {
      note({
        rule: 'main thread',
        expected: `the main thread to hand out the work, not do it: at most ${Math.round(WORK_AUDIT.mainThreadShareMax * 100)} % of the call's CPU time`,
        saw: `${Math.round((run.mainCpuMs / run.processCpuMs) * 100)} %\n${describeRun(run)}`,
      });
    }
    if (run.aliveAtSettle > 0) {
      note({
        rule: 'no thread left',
        expected: 'every worker thread to have exited by the moment the promise settled',
        saw: `${run.aliveAtSettle} still running then\n${describeRun(run)}`,
      });
    }
  }
  return [...problems.values()];
}

/** The figures {@link auditBaseline} compares, from one comparison. */
export interface BaselineFigures {
  /** CPU time of each run of the student's one-copy baseline, in ms. */
  readonly baselineCpuMs: readonly number[];
  /** Wall time of the same runs. */
  readonly baselineWallMs: readonly number[];
  /** CPU time of each run of the student's copies. */
  readonly candidateCpuMs: readonly number[];
  /** CPU ÷ wall of each run of the kit's own one-copy run. */
  readonly referenceBaselineShares: readonly number[];
}

/** What {@link auditBaseline} needs besides the figures. */
export interface BaselineAuditOptions {
  /** False where the speed verdict found the wall clock unfit to judge by (busy, throttled). */
  readonly wallClockTrusted?: boolean;
  /**
   * One more run of the student's one copy, at a fresh limit (its answer
   * checked by the caller): asked for, up to {@link WORK_AUDIT.sameWorkRetries}
   * times, only when the one copy looks like it did more work than the copies.
   */
  readonly oneMoreBaseline?: () => Promise<{ readonly cpuMs: number; readonly wallMs: number }>;
}

/**
 * Did the one-copy baseline do the same work as the copies, computing all
 * the while? Its fastest run's CPU time may not be far above the copies'
 * (extra work), and its CPU ÷ wall may not be far below the kit's own
 * one-copy run's (waiting; judged only where `wallClockTrusted`, as it is
 * unless the speed verdict was inconclusive).
 *
 * The fastest run, not the median: the engine can slow one call of a correct
 * one copy (see {@link WORK_AUDIT.sameWorkRetries}), and before it says the
 * one copy did more work it asks `oneMoreBaseline` for up to that many more
 * runs, stopping at the first that agrees with the copies.
 */
export async function auditBaseline(
  figures: BaselineFigures,
  { wallClockTrusted = true, oneMoreBaseline }: BaselineAuditOptions = {},
): Promise<AuditProblem[]> {
  const problems: AuditProblem[] = [];
  const baselineCpuMs = [...figures.baselineCpuMs];
  const baselineWallMs = [...figures.baselineWallMs];
  const candidateCpu = median(figures.candidateCpuMs);
  const moreWork = () => candidateCpu < Math.min(...baselineCpuMs) * WORK_AUDIT.sameWorkCpuMin;
  for (let retry = 0; oneMoreBaseline && retry < WORK_AUDIT.sameWorkRetries && moreWork(); retry += 1) {
    const run = await oneMoreBaseline();
    baselineCpuMs.push(run.cpuMs);
    baselineWallMs.push(run.wallMs);
  }
  if (moreWork()) {
    const fastest = Math.min(...baselineCpuMs);
    problems.push({
      rule: 'same work',
      expected: `your one copy and your copies to do the same sums: the copies' CPU time at least ${Math.round(WORK_AUDIT.sameWorkCpuMin * 100)} % of your one copy's in its fastest run`,
      saw: `your one copy's fastest of ${baselineCpuMs.length} runs ${Math.round(fastest)} ms of CPU, the copies ${Math.round(candidateCpu)} ms (${Math.round((candidateCpu / fastest) * 100)} %)`,
    });
  }
  const baselineShare = median(baselineCpuMs.map((cpu, i) => cpu / (baselineWallMs[i] ?? Number.NaN)));
  const referenceShare = median(figures.referenceBaselineShares);
  // CPU ÷ wall rests on the wall clock: where the speed verdict found the
  // machine unfit to judge (busy, throttled), so is this comparison.
  if (wallClockTrusted && baselineShare < referenceShare * WORK_AUDIT.baselineComputingMin) {
    problems.push({
      rule: 'baseline computing',
      expected: `your one copy to compute while it runs, as the kit's one copy does: CPU ÷ wall at least ${Math.round(WORK_AUDIT.baselineComputingMin * 100)} % of the kit's ${referenceShare.toFixed(2)}`,
      saw: `CPU ÷ wall ${baselineShare.toFixed(2)}: your one copy spent part of its time waiting`,
    });
  }
  return problems;
}

/**
 * The limit at which the candidate's work costs about what trial division
 * costs at `limit`. A correct spell may test numbers another way (a sieve per
 * chunk costs a few per cent of trial division): at the same limit its work
 * would be too small to pay for starting the pool, and its threads too brief
 * to be seen sharing. Its one copy is timed by the wall time its tasks took on
 * their thread (a task of a millisecond or two reads as 0 or 10 ms of CPU
 * where Node counts a thread's CPU in 10 ms ticks), in two steps:
 *
 * 1. at {@link WORK_AUDIT.sizingProbe}, against the kit's trial division at
 *    the same limit. A spell that costs about what trial division costs, or
 *    more, keeps `limit` (and costs nothing more here).
 * 2. at the limit that first ratio suggests, against the kit's trial division
 *    at `limit` itself, and the limit moves by the ratio of the two. The first
 *    ratio alone falls short: trial division costs more per number as the
 *    numbers grow (about as √n ÷ ln n) while a sieve barely does, and a probe
 *    of a few milliseconds is mostly the JIT warming up. Sized from it, a
 *    sieve's one copy once had 388 ms of work beside the kit's 909, so that
 *    the pool's start-up weighed twice as much in its race.
 *
 * The limit is at most {@link WORK_AUDIT.sizingMax}; `factor` is how much
 * cheaper per number than trial division the spell was near the sized limit.
 */
export async function sizedLimit(
  limit: number,
  oneCopy: (limit: number) => Promise<unknown>,
): Promise<{ limit: number; factor: number }> {
  const probe = WORK_AUDIT.sizingProbe;
  const first = perNumberRatio(trialDivisionCpuMs(probe), probe, await taskWallMs(oneCopy, probe), probe);
  if (!(first > WORK_AUDIT.sizingMinFactor)) return { limit, factor: first };
  const estimate = Math.min(WORK_AUDIT.sizingMax, Math.round(limit * first));
  const factor = perNumberRatio(
    trialDivisionCpuMs(limit),
    limit,
    await taskWallMs(oneCopy, estimate),
    estimate,
  );
  if (!(factor > WORK_AUDIT.sizingMinFactor)) return { limit, factor };
  return { limit: Math.min(WORK_AUDIT.sizingMax, Math.round(limit * factor)), factor };
}

/**
 * How many times cheaper per number the candidate was than trial division:
 * (trial division's ms ÷ its limit) ÷ (the candidate's ms ÷ its limit); 1 when
 * the candidate's time is not a positive number (nothing to size by).
 */
export function perNumberRatio(
  trialMs: number,
  trialLimit: number,
  candidateMs: number,
  candidateLimit: number,
): number {
  if (!(candidateMs > 0) || !(trialMs > 0)) return 1;
  return trialMs / trialLimit / (candidateMs / candidateLimit);
}

/** The wall time the one copy's tasks took on their thread, summed, for the primes below `limit`. */
async function taskWallMs(oneCopy: (limit: number) => Promise<unknown>, limit: number): Promise<number> {
  const run = await recordParallelRun('sizing', limit, 1, () => oneCopy(limit));
  return run.tasks.reduce((total, task) => total + task.wallMs, 0);
}

/** The CPU time the kit's trial division takes on this thread over [0, limit). */
function trialDivisionCpuMs(limit: number): number {
  const started = cpuMs();
  trialDivisionSpan(0, limit);
  return cpuMs() - started;
}

/** What a chapter tells its student to try, for each rule of the work audit. */
export type AuditAdvice = Readonly<Record<AuditProblem['rule'], string>>;

/**
 * Fails the current test with the first problem the audit found, in the
 * chapter's own words (`advice`), naming the others; does nothing when there
 * is none.
 */
export function expectWorkEarned(problems: readonly AuditProblem[], advice: AuditAdvice): void {
  const [problem, ...others] = problems;
  if (problem === undefined) return;
  expect.fail(
    explain({
      expected: problem.expected,
      saw: problem.saw,
      tryThis: advice[problem.rule],
      ...(others.length > 0 ? { detail: `also: ${others.map((other) => other.rule).join(', ')}` } : {}),
    }),
  );
}
