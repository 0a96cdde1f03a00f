import { describe, expect, test } from 'vitest';
import type { LessonRun, TestOutcome } from '../src/run-tests.ts';
import { judgeStarterRun, judgeWrongRun } from '../src/verify.ts';

function run(tests: TestOutcome[], fileErrors: LessonRun['fileErrors'] = []): LessonRun {
  return {
    ending: 'completed',
    exitCode: 1,
    signal: null,
    tests,
    fileErrors,
    provisional: 0,
    stderrTail: '',
    wallMs: 1000,
    processGroup: 1,
  };
}

const file = 'test/x.test.ts';
const failed = (name: string): TestOutcome => ({ file, name, status: 'failed', message: 'no' });
const passed = (name: string): TestOutcome => ({ file, name, status: 'passed' });
const busy = (name: string): TestOutcome => ({
  file,
  name,
  status: 'skipped',
  inconclusive: 'inconclusive: the machine was busy',
});

describe("a wrong solution's run", () => {
  test('is caught when every test each part names failed', () => {
    const judged = judgeWrongRun(
      run([failed('a > is exact'), failed('b > is exact too')]),
      ['is exact'],
      true,
    );
    expect(judged).toEqual({ problems: [], unmeasured: [] });
  });

  test('is not caught by a test that passed, or by a part that names no test', () => {
    const judged = judgeWrongRun(run([passed('a > is exact')]), ['is exact', 'is fast'], false);
    expect(judged.problems).toEqual([
      'passed, but should fail: a > is exact',
      'no test name contains "is fast"',
    ]);
  });

  test('in the timed stage, an inconclusive test proves nothing either way and is only reported', () => {
    const judged = judgeWrongRun(run([busy('a > is fast')]), ['is fast'], false);
    expect(judged.problems).toEqual([]);
    expect(judged.unmeasured).toEqual(['not measured (inconclusive: the machine was busy): a > is fast']);
  });

  test('in the untimed stage, an inconclusive test did not catch it', () => {
    const judged = judgeWrongRun(run([busy('a > is fast')]), ['is fast'], true);
    expect(judged.problems).toHaveLength(1);
    expect(judged.problems[0]).toMatch(/^inconclusive .*"stage": "timed".*: a > is fast$/);
  });
});

describe("the starter's run", () => {
  test('against the solution: only the graded tests count, and a missing one counts as failed', () => {
    const judged = judgeStarterRun(run([failed('a'), passed('not graded')]), ['a', 'missing']);
    expect(judged).toEqual({ checked: 2, notFailing: [], ran: true });
  });

  test('without the solution: every test it ran must fail, an inconclusive one included', () => {
    const judged = judgeStarterRun(run([failed('a'), passed('b'), busy('c')]), undefined);
    expect(judged.checked).toBe(3);
    expect(judged.notFailing).toEqual([
      'passed against the starter: b',
      'inconclusive against the starter: c',
    ]);
  });

  test('without the solution: a test skipped on purpose is not graded, and a run with no test failed nothing', () => {
    const skipped: TestOutcome = { file, name: 'only on Linux', status: 'skipped' };
    expect(judgeStarterRun(run([failed('a'), skipped]), undefined).checked).toBe(1);
    expect(judgeStarterRun(run([]), undefined).ran).toBe(false);
    expect(judgeStarterRun(run([], [{ file, message: 'no export named sumPrimes' }]), undefined).ran).toBe(
      true,
    );
  });
});
