import { describe, expect, test, type TestContext } from 'vitest';
import { expectTimeWithinCpu, expectWithin, spellbookMatchers } from '../src/matchers.ts';
import { MACHINE_LOAD } from '../src/policy.ts';
import { FAILED_TASK_MESSAGE } from '../src/tinypool-spy.ts';
import { honestRun } from './fixtures/runs.ts';
import { fakeContext, Skipped } from './fixtures/context.ts';

expect.extend(spellbookMatchers);

/** The message a failing assertion throws. */
function failure(assertion: () => void): string {
  try {
    assertion();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('the assertion passed');
}

const words = { when: 'once the signal was aborted', tryThis: 'reject from the abort event' };

describe('toBeAnAbortError', () => {
  test('passes for a DOMException or an Error named AbortError', () => {
    expect(new DOMException('stop', 'AbortError')).toBeAnAbortError(words);
    expect(AbortSignal.abort().reason).toBeAnAbortError(words);
    expect(Object.assign(new Error('stop'), { name: 'AbortError' })).toBeAnAbortError(words);
  });

  test('fails anything else, in the chapter words', () => {
    const message = failure(() => expect(new RangeError('bad limit')).toBeAnAbortError(words));
    expect(message).toContain('expected a rejection with an AbortError once the signal was aborted');
    expect(message).toContain('saw RangeError: bad limit');
    expect(message).toContain('try: reject from the abort event');
    expect(failure(() => expect({ name: 'AbortError' }).toBeAnAbortError(words))).toContain('AbortError');
    expect(
      failure(() => expect(42).toBeAnAbortError({ ...words, what: 'the iteration to throw' })),
    ).toContain('expected the iteration to throw with an AbortError');
  });
});

describe('toRejectWithTheFailedTask', () => {
  const tryThis = 'let the rejection of Promise.all through';
  const failed = new Error(FAILED_TASK_MESSAGE);

  test("passes a rejection with the failed task's error, or with an error whose cause chain holds it", () => {
    expect(honestRun({ rejected: true, answer: failed, failedTasks: 1 })).toRejectWithTheFailedTask({
      tryThis,
    });
    const wrapped = new Error('the sum failed', { cause: new Error('a copy failed', { cause: failed }) });
    expect(honestRun({ rejected: true, answer: wrapped, failedTasks: 1 })).toRejectWithTheFailedTask({
      tryThis,
    });
  });

  test('fails a run that resolved, or rejected with another error, in the chapter words', () => {
    const resolved = failure(() =>
      expect(honestRun({ failedTasks: 1 })).toRejectWithTheFailedTask({ tryThis }),
    );
    expect(resolved).toContain("expected the promise to reject with the failed task's error");
    expect(resolved).toContain('saw the promise resolved with 1060');
    expect(resolved).toContain(`try: ${tryThis}`);
    const other = failure(() =>
      expect(
        honestRun({ rejected: true, answer: new Error('something else'), failedTasks: 1 }),
      ).toRejectWithTheFailedTask({ tryThis }),
    );
    expect(other).toContain('saw a rejection with Error: something else');
  });

  test('fails a run in which no task could be made to fail, and anything that is not a run', () => {
    expect(
      failure(() =>
        expect(honestRun({ rejected: true, answer: failed })).toRejectWithTheFailedTask({ tryThis }),
      ),
    ).toContain('a task of the pool to fail when the test asked one to');
    expect(failure(() => expect(0).toRejectWithTheFailedTask({ tryThis }))).toContain(
      'needs a run from recordParallelRun',
    );
  });
});

describe('toLeaveNoThreadRunning', () => {
  const tryThis = 'await pool.destroy()';

  test('passes a run whose threads had all exited when it settled', () => {
    expect(honestRun()).toLeaveNoThreadRunning({ tryThis });
  });

  test('fails a thread still running, naming how many', () => {
    const message = failure(() =>
      expect(honestRun({ aliveAtSettle: 2, unstoppedAtSettle: 2 })).toLeaveNoThreadRunning({ tryThis }),
    );
    expect(message).toContain('every worker thread to have exited by the moment the promise resolved');
    expect(message).toContain('saw 2 still running then');
    expect(message).toContain(`try: ${tryThis}`);
  });

  test('counts a terminated thread as ended only when asked', () => {
    const stopping = honestRun({ rejected: true, aliveAtSettle: 1, unstoppedAtSettle: 0 });
    expect(stopping).toLeaveNoThreadRunning({ tryThis, terminatedCounts: true });
    expect(failure(() => expect(stopping).toLeaveNoThreadRunning({ tryThis }))).toContain(
      'by the moment the promise rejected',
    );
    expect(
      failure(() =>
        expect(honestRun({ rejected: true, aliveAtSettle: 1, unstoppedAtSettle: 1 })).toLeaveNoThreadRunning({
          tryThis,
          terminatedCounts: true,
        }),
      ),
    ).toContain('saw 1 still free to compute then');
  });

  test('fails a run that made no pool, and anything that is not a run', () => {
    expect(failure(() => expect(honestRun({ pools: 0 })).toLeaveNoThreadRunning({ tryThis }))).toContain(
      'the work to run on a Tinypool',
    );
    expect(failure(() => expect(0).toLeaveNoThreadRunning({ tryThis }))).toContain(
      'needs a run from recordParallelRun',
    );
  });
});

describe('expectWithin', () => {
  const context = () => fakeContext().fake;
  const claim = {
    withinMs: 100,
    stoppedMs: 0,
    expected: 'within 100 ms',
    saw: 'late',
    tryThis: 'listen for abort',
  };
  const quiet = MACHINE_LOAD.busyForDeadline / 2;
  const busy = MACHINE_LOAD.busyForDeadline + 0.1;

  test('on time passes, whatever the load', () => {
    for (const foreignCores of [0, busy]) {
      expectWithin(context() as unknown as TestContext, { ...claim, lateMs: 40, foreignCores });
    }
  });

  test('late on a quiet machine fails; late on a busy one is inconclusive, with the load named', () => {
    expect(() =>
      expectWithin(context() as unknown as TestContext, { ...claim, lateMs: 140, foreignCores: quiet }),
    ).toThrow(/expected within 100 ms, saw late/);
    const busyContext = context();
    expect(() =>
      expectWithin(busyContext as unknown as TestContext, { ...claim, lateMs: 140, foreignCores: busy }),
    ).toThrow(Skipped);
    expect(busyContext.task.meta.inconclusive).toMatch(
      /^inconclusive: late by 140 ms while other processes used/,
    );
  });

  test('late by no more than a CPU quota held the process stopped is inconclusive; later than that fails', () => {
    const fake = context();
    expect(() =>
      expectWithin(fake as unknown as TestContext, {
        ...claim,
        lateMs: 140,
        foreignCores: quiet,
        stoppedMs: 50,
      }),
    ).toThrow(Skipped);
    expect(fake.task.meta.inconclusive).toMatch(/stopped for 50 ms meanwhile/);
    expect(() =>
      expectWithin(context() as unknown as TestContext, {
        ...claim,
        lateMs: 140,
        foreignCores: quiet,
        stoppedMs: 30,
      }),
    ).toThrow(/110 ms even without the 30 ms a CPU quota held the process stopped/);
    const unknown = context();
    expect(() =>
      expectWithin(unknown as unknown as TestContext, {
        ...claim,
        lateMs: 140,
        foreignCores: quiet,
        stoppedMs: undefined,
      }),
    ).toThrow(Skipped);
  });

  test('too early fails even on a busy machine, and NaN (before the moment was taken) fails', () => {
    expect(() =>
      expectWithin(context() as unknown as TestContext, {
        ...claim,
        lateMs: -20,
        earliestMs: -5,
        foreignCores: busy,
      }),
    ).toThrow(/within 100 ms/);
    expect(() =>
      expectWithin(context() as unknown as TestContext, {
        ...claim,
        lateMs: Number.NaN,
        foreignCores: quiet,
      }),
    ).toThrow(/within 100 ms/);
  });
});

describe('expectTimeWithinCpu', () => {
  const context = () => fakeContext().fake;
  const claim = { cpuMs: 300, expected: 'within the CPU', saw: 'a time', tryThis: 'time only the sum' };
  const judge = (reportedMs: number, throttledMs: number | undefined, fake = context()) =>
    expectTimeWithinCpu(fake as unknown as TestContext, { ...claim, reportedMs, throttledMs });

  test('a time within the CPU (and 20 ms of slack) passes, with or without a quota', () => {
    judge(320, 0);
    judge(100, 500);
    judge(320, undefined);
  });

  test('without a quota, a time beyond the CPU fails', () => {
    expect(() => judge(321, 0)).toThrow(/expected within the CPU, saw a time/);
  });

  test("under a quota, beyond the CPU but within the process's stopped time is inconclusive; beyond both fails", () => {
    const fake = context();
    expect(() => judge(600, 400, fake)).toThrow(Skipped);
    expect(fake.task.meta.inconclusive).toMatch(
      /stopped for 400 ms meanwhile, so the difference cannot be told/,
    );
    expect(() => judge(721, 400)).toThrow(
      /321 ms even without the 400 ms a CPU quota held the process stopped/,
    );
  });

  test('when the stopped time cannot be read, beyond the CPU is inconclusive, never a failure', () => {
    const fake = context();
    expect(() => judge(5_000, undefined, fake)).toThrow(Skipped);
    expect(fake.task.meta.inconclusive).toMatch(/an unknown time \(its cpu\.stat cannot be read\)/);
  });
});
