/**
 * The claims several chapters make in the same words, said once: a
 * rejection that is an AbortError, no worker thread left at the moment a
 * parallel call settled, a failed task's error passed on, something that happened within so many
 * milliseconds unless other processes were using the machine, a time a
 * student reports that the thread really spent computing, and a speed
 * verdict passed.
 *
 * The first three are vitest matchers (registered by the preset's set-up file,
 * setup/matchers.ts, for every lesson); the others need the test's
 * context, to give an "inconclusive" verdict, so they are functions. Each takes the
 * chapter's own words for what to try, so a failure still speaks in the
 * chapter's voice; what is judged, and how, lives here alone.
 *
 * @example
 * ```ts
 * expect(run.answer).toBeAnAbortError({ when: 'once the signal was aborted', tryThis: '…' });
 * expect(run).toLeaveNoThreadRunning({ tryThis: '`await pool.destroy()` in a finally block' });
 * expect(run).toRejectWithTheFailedTask({ tryThis: 'let the rejection of Promise.all through' });
 * ```
 *
 * @module
 */
import { expect, type TestContext } from 'vitest';
import { describeRun, type ParallelRun } from './earned.ts';
import { describe as describeValue, explain } from './explain.ts';
import { effectiveCores } from './cores.ts';
import { machineBusy, WORK_AUDIT } from './policy.ts';
import type { FiguresVerdict } from './speed/figures.ts';
import { FAILED_TASK_MESSAGE } from './tinypool-spy.ts';
import { inconclusive } from './verdict.ts';

/** The chapter's words for an {@link SpellbookMatchers.toBeAnAbortError} failure. */
export interface AbortErrorWords {
  /** What the error was for, after "an AbortError": "once the signal was aborted". */
  readonly when: string;
  /** What the student should try. */
  readonly tryThis: string;
  /** What rejected or threw, for the message: "a rejection" (the default) or "the iteration to throw". */
  readonly what?: string;
}

/** The chapter's words for a {@link SpellbookMatchers.toLeaveNoThreadRunning} failure. */
export interface NoThreadWords {
  readonly tryThis: string;
  /**
   * Count a thread that has been told to terminate as ended. Tinypool
   * terminates the worker of an aborted task at once and does not wait for
   * it to exit, so a cancelled call can only promise that much.
   */
  readonly terminatedCounts?: boolean;
}

/** The chapter's words for a {@link SpellbookMatchers.toRejectWithTheFailedTask} failure. */
export interface FailedTaskWords {
  readonly tryThis: string;
}

/** The matchers this module adds to vitest's `expect`. */
export interface SpellbookMatchers<R = unknown> {
  /** The value is an Error (a DOMException too) whose name is `AbortError`. */
  toBeAnAbortError(words: AbortErrorWords): R;
  /**
   * The value is a {@link ParallelRun}: it used a Tinypool, and every worker
   * thread of it had exited (or, with `terminatedCounts`, been ended) at the
   * moment its promise settled.
   */
  toLeaveNoThreadRunning(words: NoThreadWords): R;
  /**
   * The value is a {@link ParallelRun} in which the spy made a task fail
   * (`failTask`), and whose promise rejected with that task's error: the
   * error itself, or one that names it as its `cause`.
   */
  toRejectWithTheFailedTask(words: FailedTaskWords): R;
}

declare module 'vitest' {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any, @typescript-eslint/no-empty-object-type -- vitest's own shape for custom matchers
  interface Matchers<T = any> extends SpellbookMatchers<T> {}
}

const isParallelRun = (value: unknown): value is ParallelRun =>
  typeof value === 'object' && value !== null && 'aliveAtSettle' in value && 'unstoppedAtSettle' in value;

/** What a matcher gives vitest back. */
export interface MatcherVerdict {
  /** Whether the claim holds. */
  readonly pass: boolean;
  /** The failure message, built only when it is shown. */
  readonly message: () => string;
}

/** A matcher given something other than a {@link ParallelRun}: a mistake in the test, said plainly. */
const notARun = (matcher: string, received: unknown): MatcherVerdict => ({
  pass: false,
  message: () => `${matcher} needs a run from recordParallelRun, saw ${describeValue(received)}`,
});

/** A failure in the chapter's words, its message built only when shown. */
const failed = (words: Parameters<typeof explain>[0]): MatcherVerdict => ({
  pass: false,
  message: () => explain(words),
});

/** The implementations, for `expect.extend`. */
export const spellbookMatchers = {
  /** See {@link SpellbookMatchers.toBeAnAbortError}. */
  toBeAnAbortError(
    received: unknown,
    { when, tryThis, what = 'a rejection' }: AbortErrorWords,
  ): MatcherVerdict {
    const pass = received instanceof Error && received.name === 'AbortError';
    return {
      pass,
      message: () =>
        pass
          ? `expected something other than an AbortError ${when}, saw ${describeValue(received)}`
          : explain({
              expected: `${what} with an AbortError ${when}`,
              saw: describeValue(received),
              tryThis,
            }),
    };
  },

  /** See {@link SpellbookMatchers.toLeaveNoThreadRunning}. */
  toLeaveNoThreadRunning(
    received: unknown,
    { tryThis, terminatedCounts = false }: NoThreadWords,
  ): MatcherVerdict {
    if (!isParallelRun(received)) return notARun('toLeaveNoThreadRunning', received);
    if (received.pools === 0) {
      return failed({
        expected: 'the work to run on a Tinypool',
        saw: describeRun(received),
        tryThis: 'make a Tinypool and run the chunks through pool.run',
      });
    }
    const left = terminatedCounts ? received.unstoppedAtSettle : received.aliveAtSettle;
    const settled = received.rejected ? 'rejected' : 'resolved';
    return {
      pass: left === 0,
      message: () =>
        explain({
          expected: terminatedCounts
            ? `every worker thread to have been ended (exited, or terminated) by the moment the promise ${settled}`
            : `every worker thread to have exited by the moment the promise ${settled}`,
          saw: `${left} still ${terminatedCounts ? 'free to compute' : 'running'} then (${describeRun(received)})`,
          tryThis,
        }),
    };
  },

  /** See {@link SpellbookMatchers.toRejectWithTheFailedTask}. */
  toRejectWithTheFailedTask(received: unknown, { tryThis }: FailedTaskWords): MatcherVerdict {
    if (!isParallelRun(received)) return notARun('toRejectWithTheFailedTask', received);
    if (received.failedTasks === 0) {
      return failed({
        expected: 'a task of the pool to fail when the test asked one to',
        saw: `no task reached a worker thread the test could watch (${describeRun(received)})`,
        tryThis: 'make a Tinypool of worker threads and run every piece through pool.run',
      });
    }
    const pass = received.rejected && carriesFailure(received.answer);
    return {
      pass,
      message: () =>
        explain({
          expected: `the promise to reject with the failed task's error ("${FAILED_TASK_MESSAGE}")`,
          saw: received.rejected
            ? `a rejection with ${describeValue(received.answer)}`
            : `the promise resolved with ${describeValue(received.answer)}`,
          tryThis,
        }),
    };
  },
};

/** The failed task's error, or an error that names it as its cause (at any depth). */
function carriesFailure(error: unknown, depth = 0): boolean {
  if (!(error instanceof Error) || depth > 8) return false;
  return error.message.includes(FAILED_TASK_MESSAGE) || carriesFailure(error.cause, depth + 1);
}

/** What {@link expectWithin} judges: how late something was, and the chapter's words. */
export interface WithinClaim {
  /** How many ms after the moment it was due it happened (NaN when it came before that moment could be taken). */
  readonly lateMs: number;
  /** The most it may be late. */
  readonly withinMs: number;
  /** The least (negative: how early it may be); default no bound. */
  readonly earliestMs?: number;
  /** Cores other processes used meanwhile (`watchLoad().stop().foreignCores`). */
  readonly foreignCores: number;
  /** How long a CPU quota held the process stopped meanwhile (`watchLoad().stop().stoppedMs`). */
  readonly stoppedMs: number | undefined;
  readonly expected: string;
  readonly saw: string;
  readonly tryThis: string;
}

/**
 * Something happened within `withinMs` of when it was due. Too late while
 * other processes were using the machine (by the policy's
 * `busyForDeadline`) is their doing as likely as the code's: inconclusive,
 * with the load named; so is too late by no more than a CPU quota held the
 * process stopped (see {@link expectBoundUnderQuota}). Too early is never
 * the machine's doing.
 */
export function expectWithin(context: TestContext, claim: WithinClaim): void {
  const { lateMs, withinMs, earliestMs = Number.NEGATIVE_INFINITY, foreignCores, stoppedMs } = claim;
  if (lateMs > withinMs && machineBusy(foreignCores, 'deadline')) {
    inconclusive(
      context,
      `late by ${Math.round(lateMs)} ms while other processes used ${foreignCores.toFixed(2)} cores`,
    );
  }
  expect(
    lateMs >= earliestMs,
    explain({ expected: claim.expected, saw: claim.saw, tryThis: claim.tryThis }),
  ).toBe(true);
  expectBoundUnderQuota(context, {
    measuredMs: lateMs,
    boundMs: withinMs,
    stoppedMs,
    expected: claim.expected,
    saw: claim.saw,
    tryThis: claim.tryThis,
  });
}

/** What {@link expectBoundUnderQuota} judges: a wall-clock time, its bound, and how much of it a CPU quota may have taken. */
export interface QuotaBoundClaim {
  /** The time measured by the wall clock, in ms. */
  readonly measuredMs: number;
  /** The most it may be. */
  readonly boundMs: number;
  /**
   * How long a CPU quota held the process stopped over the span measured (0
   * with none); undefined when a quota applies and its `cpu.stat` cannot be
   * read.
   */
  readonly stoppedMs: number | undefined;
  readonly expected: string;
  readonly saw: string;
  readonly tryThis: string;
  readonly detail?: string;
}

/**
 * A wall-clock bound that knows about CPU quotas. Under a quota below the
 * cores the code wants (half a CPU on a grading platform, say), the kernel
 * stops the whole process for part of every period: a timer fires late, a
 * gap between heartbeats grows, with nothing wrong in the code. So: within
 * the bound passes; beyond it, but within it once the stopped time is taken
 * out (or with the stopped time unknown), is the quota's doing as likely as
 * the code's and is inconclusive with that cause; beyond it even then fails.
 */
export function expectBoundUnderQuota(context: TestContext, claim: QuotaBoundClaim): void {
  const { measuredMs, boundMs, stoppedMs } = claim;
  // The time with the stops taken out: what the code itself took, at most.
  const unstoppedMs = stoppedMs === undefined ? undefined : measuredMs - stoppedMs;
  if (measuredMs > boundMs && (unstoppedMs === undefined || unstoppedMs <= boundMs)) {
    inconclusive(
      context,
      `${claim.expected}, saw ${claim.saw}; a CPU quota held the process stopped for ${stoppedMs === undefined ? 'an unknown time (its cpu.stat cannot be read)' : `${Math.round(stoppedMs)} ms`} meanwhile, so the difference cannot be told from the code's (${effectiveCores().text})`,
    );
  }
  expect(
    measuredMs,
    explain({
      expected: claim.expected,
      saw: `${claim.saw}${stoppedMs ? `; ${Math.round(unstoppedMs ?? measuredMs)} ms even without the ${Math.round(stoppedMs)} ms a CPU quota held the process stopped` : ''}`,
      tryThis: claim.tryThis,
      ...(claim.detail === undefined ? {} : { detail: claim.detail }),
    }),
  ).toBeLessThanOrEqual(boundMs);
}

/** What {@link expectTimeWithinCpu} judges: a time said to be spent computing, and the CPU that shows it. */
export interface ComputedTimeClaim {
  /** The time the code reports (or the sum of the times it reports), in ms. */
  readonly reportedMs: number;
  /** The CPU time the thread spent over a span that holds every reported run, in ms. */
  readonly cpuMs: number;
  /** How long a CPU quota held the process stopped meanwhile (`ParallelRun.throttledMs`); undefined when it cannot be read. */
  readonly throttledMs: number | undefined;
  /** Slack for the clocks' resolution, in ms (default WORK_AUDIT.computedTimeSlackMs, 20). */
  readonly slackMs?: number;
  readonly expected: string;
  readonly saw: string;
  readonly tryThis: string;
}

/**
 * A time the code reports as spent computing on one thread must be within
 * the CPU that thread spent: a time that waited, or was made up, is longer.
 * Under a CPU quota the kernel stops the whole process for part of each
 * period, and wall time grows by up to that much with no waiting in the
 * code. So: within the CPU (plus slack) passes; beyond the CPU and all the
 * stopped time fails; between the two (or beyond the CPU when the stopped
 * time cannot be read) cannot be told from waiting, and is inconclusive.
 */
export function expectTimeWithinCpu(context: TestContext, claim: ComputedTimeClaim): void {
  const { reportedMs, cpuMs, throttledMs, slackMs = WORK_AUDIT.computedTimeSlackMs } = claim;
  expectBoundUnderQuota(context, {
    measuredMs: reportedMs,
    boundMs: cpuMs + slackMs,
    stoppedMs: throttledMs,
    expected: claim.expected,
    saw: claim.saw,
    tryThis: claim.tryThis,
  });
}

/** The chapter's words for a speed verdict that did not pass. */
export interface SpeedWords {
  readonly expected: string;
  readonly saw: string;
  readonly tryThis?: string;
  /** The figures to show; default the verdict's own `detail`. */
  readonly detail?: string;
}

/** What {@link expectSpeedVerdict} reads of a verdict: `judgeSpeedup`'s and `judgeFigures`' both have it. */
export type SpeedOutcome = Pick<FiguresVerdict, 'outcome' | 'reason'> & { readonly detail?: string };

/**
 * The speed verdict passed: `judgeSpeedup`'s, or `judgeFigures`' for figures
 * measured elsewhere. An inconclusive verdict ends the test as inconclusive
 * with the verdict's reason (the machine, not the code, decided it); a
 * failure shows the chapter's words with the figures behind the verdict.
 * The verdict's outcome is the only thing judged: no test re-decides it from
 * the figures.
 */
export function expectSpeedVerdict(context: TestContext, verdict: SpeedOutcome, words: SpeedWords): void {
  const detail = words.detail ?? verdict.detail;
  if (verdict.outcome === 'inconclusive') {
    inconclusive(context, verdict.reason ?? detail ?? 'this machine could not give a speed verdict');
  }
  expect(verdict.outcome, explain({ ...words, detail })).toBe('pass');
}
