import {
  auditRuns,
  cpuMs,
  describeRun,
  describeValue,
  expectWorkEarned,
  primeSumsBelow,
  recordParallelRun,
  type AuditAdvice,
  type ParallelRun,
  effectiveCores,
  expectWithin,
  explain,
  formatMs,
  measured,
  now,
  primeSumOracle,
  rejectionOf,
  seededRandom,
  summariseTinypool,
  watchLoad,
} from '@spellbook/test-kit';
import { getEventListeners } from 'node:events';
import { describe, expect, test } from 'vitest';
import { sumPrimesWithDeadline } from '../src/breaking.ts';

/** Far too much work to finish during a test: seconds of summing on any machine. */
const ENDLESS = 200_000_000;
const COPIES = Math.min(Math.max(effectiveCores().cores, 2), 4);

/** The process's CPU use over `ms`, as a share of one core. */
async function cpuShareOver(ms: number): Promise<number> {
  const wallStart = now();
  const cpuStart = cpuMs();
  await new Promise((resolve) => setTimeout(resolve, ms));
  return (cpuMs() - cpuStart) / (now() - wallStart);
}

/** The chapter's advice for a rejection that is not an AbortError. */
const ABORT_ERROR = "reject with new DOMException('…', 'AbortError')";

/** After a broken spell: no worker alive when it rejected, and the process's CPU use back near idle. */
async function expectEveryCopyStopped(run: ParallelRun): Promise<void> {
  // Ended means terminated: Tinypool ends the worker of an aborted task at
  // once and does not wait for its exit, so a thread may still be exiting.
  expect(run).toLeaveNoThreadRunning({ tryThis: TRY['no thread left'], terminatedCounts: true });
  const share = await cpuShareOver(300);
  expect(
    share,
    explain({
      expected: 'the process to be nearly idle once the promise rejected (CPU under 0.25 of a core)',
      saw: `${share.toFixed(2)} of a core still busy; ${summariseTinypool().text}`,
      tryThis: 'rejecting is not stopping: `await pool.destroy()` in a finally block terminates the workers',
    }),
  ).toBeLessThan(0.25);
}

/** Runs the spell with the spy's log cleared, and records what it did as it settled. */
const record = (
  label: string,
  limit: number,
  copies: number,
  options: Parameters<typeof sumPrimesWithDeadline>[1],
) => recordParallelRun(label, limit, copies, () => sumPrimesWithDeadline(limit, { ...options, copies }));

describe('sumPrimesWithDeadline: when there is time enough', () => {
  test('random limits with a generous deadline and a signal that is never aborted', async () => {
    const random = seededRandom();
    for (let round = 0; round < 3; round += 1) {
      const limit = random.int(1, 400_000);
      const controller = new AbortController();
      expect(
        await sumPrimesWithDeadline(limit, { deadlineMs: 30_000, signal: controller.signal, copies: 2 }),
        `the sum below ${limit}`,
      ).toBe(primeSumOracle(limit));
    }
    expect(await sumPrimesWithDeadline(100, {})).toBe(1060);
    // The smallest limit and the smallest pool are allowed too.
    expect(await sumPrimesWithDeadline(0, { copies: 1 }), 'the sum below 0').toBe(0);
    expect(await sumPrimesWithDeadline(30, { copies: 1 }), 'the sum below 30 with one copy').toBe(129);
  });

  test('the sum runs on several worker threads of a Tinypool, and they are gone afterwards', async () => {
    // Three copies, not the two cores of a small machine: `copies` must be
    // what sets the threads, and each of them returns a real part of the sum.
    const limit = 3_000_000;
    const run = await record('3 copies', limit, 3, { deadlineMs: 60_000 });
    expectWorkEarned(
      auditRuns([run], { sums: primeSumsBelow([limit]), sharing: (seen) => seen.copies }),
      TRY,
    );
  });

  test.each([
    ['a negative limit', -1, {}, /\blimit\b/i],
    ['a fractional limit', 10.5, {}, /\blimit\b/i],
    ['a limit past 500 000 000', 500_000_001, {}, /\blimit\b/i],
    ['a negative deadline', 1_000, { deadlineMs: -5 }, /deadline/i],
    ['a deadline that is not a number', 1_000, { deadlineMs: Number.NaN }, /deadline/i],
    ['a fraction of a millisecond', 1_000, { deadlineMs: 150.5 }, /deadline/i],
    // Node's timers run a longer delay after 1 ms: the spell would break at once.
    ['a deadline longer than a timer keeps', 1_000, { deadlineMs: 3e9 }, /deadline/i],
    ['an endless deadline', 1_000, { deadlineMs: Number.POSITIVE_INFINITY }, /deadline/i],
    ['no copies', 1_000, { copies: 0 }, /\bcop(?:y|ies)\b/i],
  ])('rejects %s with a RangeError', async (_label, limit, options, names) => {
    const error = await rejectionOf(() => sumPrimesWithDeadline(limit, options));
    expect(error, `expected a RangeError, saw ${describeValue(error)}`).toBeInstanceOf(RangeError);
    expect(
      error instanceof Error ? error.message : '',
      `the message should name what was wrong (${String(names)}), saw ${describeValue(error)}`,
    ).toMatch(names);
  });

  test('500 000 000 itself is a limit it accepts (broken here by a deadline of 0 ms)', async () => {
    const run = await record('a deadline of 0 ms', 500_000_000, 2, { deadlineMs: 0 });
    const error = run.answer;
    expect(
      (error as Error | undefined)?.name,
      explain({
        expected: 'an AbortError from the deadline: 500 000 000 is within the limits, so it is no RangeError',
        saw: describeValue(error),
      }),
    ).toBe('AbortError');
    expect(run.unstoppedAtSettle, `every thread ended when it rejected (${describeRun(run)})`).toBe(0);
  });
});

describe('sumPrimesWithDeadline: breaking the spell', () => {
  test('a deadline rejects with an AbortError within 100 ms of it, and no worker goes on computing', async (context) => {
    const random = seededRandom();
    const deadlineMs = random.int(150, 400);
    const watch = watchLoad();
    const started = now();
    const run = await record(`a deadline of ${deadlineMs} ms`, ENDLESS, COPIES, { deadlineMs });
    const elapsed = now() - started;
    const error = run.answer;
    const { foreignCores, stoppedMs } = watch.stop();
    measured(
      context,
      `a deadline of ${deadlineMs} ms stopped ${COPIES} copies of an endless sum after ${formatMs(elapsed)} (${formatMs(elapsed - deadlineMs)} late)`,
      [{ name: 'lateMs', value: elapsed - deadlineMs, unit: 'ms', bar: 100, x: deadlineMs }],
    );

    expect(error).toBeAnAbortError({ when: `after the deadline of ${deadlineMs} ms`, tryThis: ABORT_ERROR });
    expectWithin(context, {
      lateMs: elapsed - deadlineMs,
      earliestMs: -5,
      withinMs: 100,
      foreignCores,
      stoppedMs,
      expected: `the rejection between ${deadlineMs} and ${deadlineMs + 100} ms after the call`,
      saw: `${Math.round(elapsed)} ms`,
      tryThis: 'a setTimeout of deadlineMs that aborts, and a promise that rejects as soon as it does',
    });
    await expectEveryCopyStopped(run);
  });

  test('aborting the signal rejects with an AbortError within 100 ms, and no worker goes on computing', async (context) => {
    const random = seededRandom();
    const abortAfter = random.int(150, 400);
    const controller = new AbortController();
    let abortedAt = Number.NaN;
    setTimeout(() => {
      abortedAt = now();
      controller.abort();
    }, abortAfter);

    const watch = watchLoad();
    const run = await record('an abort', ENDLESS, COPIES, { signal: controller.signal });
    const late = now() - abortedAt;
    const error = run.answer;
    const { foreignCores, stoppedMs } = watch.stop();
    if (Number.isFinite(late)) {
      measured(
        context,
        `an abort stopped ${COPIES} copies of an endless sum ${formatMs(late)} after the signal fired`,
        [{ name: 'lateMs', value: late, unit: 'ms', bar: 100 }],
      );
    }

    expect(error).toBeAnAbortError({ when: 'once the signal was aborted', tryThis: ABORT_ERROR });
    expectWithin(context, {
      lateMs: late,
      withinMs: 100,
      foreignCores,
      stoppedMs,
      expected: 'the rejection within 100 ms of the abort',
      saw: Number.isNaN(late) ? 'it rejected before the signal was aborted' : `${Math.round(late)} ms`,
      tryThis: "listen for the signal's 'abort' event and reject from there; do not wait for the chunks",
    });
    await expectEveryCopyStopped(run);
  });

  test('a signal that is already aborted rejects at once, before any work', async () => {
    const cpuStart = cpuMs();
    const run = await record('an aborted signal', ENDLESS, COPIES, { signal: AbortSignal.abort() });
    expect(run.answer).toBeAnAbortError({
      when: 'for a signal aborted before the call',
      tryThis: ABORT_ERROR,
    });
    expect(
      run.wallMs,
      explain({
        expected: 'the rejection within 100 ms',
        saw: `${Math.round(run.wallMs)} ms (${Math.round(cpuMs() - cpuStart)} ms of CPU)`,
        tryThis: 'check signal.aborted before making the pool',
      }),
    ).toBeLessThanOrEqual(100);
    expect(
      run.pools,
      explain({
        expected: 'no pool made and no thread started: there is nothing to do',
        saw: describeRun(run),
        tryThis: 'check signal.aborted before making the pool',
      }),
    ).toBe(0);
  });

  test('a spell that finished leaves no timer running and no listener on the signal', async () => {
    const controller = new AbortController();
    const timersBefore = activeTimers();
    const sum = await sumPrimesWithDeadline(50_000, {
      signal: controller.signal,
      deadlineMs: 60_000,
      copies: 2,
    });
    expect(sum).toBe(primeSumOracle(50_000));
    expectNoTimerLeft(timersBefore, 'a pending deadline would keep a program alive for a minute');
    expectNoListenerLeft(controller.signal, 'once the sum is done');
  });

  test('a broken spell leaves no timer running and no listener on the signal either', async () => {
    // Broken by the signal while a deadline of five seconds is still pending
    // (short, so that a timer left behind cannot hold the test run for long).
    const aborted = new AbortController();
    const timersBefore = activeTimers();
    const byTheSignal = sumPrimesWithDeadline(ENDLESS, {
      signal: aborted.signal,
      deadlineMs: 5_000,
      copies: 2,
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    aborted.abort();
    const first = await rejectionOf(() => byTheSignal);
    expect(first).toBeAnAbortError({ when: 'once the signal was aborted', tryThis: ABORT_ERROR });
    expectNoTimerLeft(
      timersBefore,
      'once the signal broke the spell, its deadline of five seconds must not stay pending',
    );
    expectNoListenerLeft(aborted.signal, 'once the signal broke the spell');
    // Broken by the deadline, with a signal that is never aborted.
    const quiet = new AbortController();
    const second = await rejectionOf(() =>
      sumPrimesWithDeadline(ENDLESS, { signal: quiet.signal, deadlineMs: 50, copies: 2 }),
    );
    expect(second).toBeAnAbortError({ when: 'once the deadline passed', tryThis: ABORT_ERROR });
    expectNoListenerLeft(quiet.signal, 'once the deadline broke the spell');
  });
});

/** The timers that keep this process alive now. */
const activeTimers = (): number =>
  process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;

/** No more timers than `before` the call; `why` says what one left behind would do. */
function expectNoTimerLeft(before: number, why: string): void {
  expect(
    activeTimers(),
    explain({
      expected: `no more timers than before the call (${before}): ${why}`,
      saw: `${activeTimers()}`,
      tryThis: 'clearTimeout(timer) in a finally block, which runs however the spell ends',
    }),
  ).toBeLessThanOrEqual(before);
}

/** No 'abort' listener left on the caller's `signal`, `when` the call has settled. */
function expectNoListenerLeft(signal: AbortSignal, when: string): void {
  const left = getEventListeners(signal, 'abort').length;
  expect(
    left,
    explain({
      expected: `no 'abort' listener left on the caller's signal ${when}`,
      saw: `${left}`,
      tryThis:
        "signal.removeEventListener('abort', onAbort) in a finally block, which runs however the spell ends",
    }),
  ).toBe(0);
}

/** What to try for each rule of the work audit, in this chapter's words. */
const TRY: AuditAdvice = {
  'right answer': 'when nothing interrupts it, resolve with the whole sum',
  'answer from the pool':
    'let each task return the sum of its chunk as a plain number, and answer with the sum of what the tasks returned',
  'threads sharing': 'a Tinypool of `copies` threads (minThreads and maxThreads), several chunks per thread',
  copies: 'make the pool with exactly `copies` threads (minThreads and maxThreads), not a count of your own',
  'main thread':
    'send every chunk to the pool: the main thread only hands out chunks, adds up and listens for the abort',
  'no thread left':
    '`await pool.destroy()` in a finally block, so the threads are gone before the promise settles',
  'same work': 'give every run the same work',
  'baseline computing': 'compute from start to end',
};
