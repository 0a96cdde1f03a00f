/**
 * classifyRun: what a run of a lesson's tests means for the student. "Done"
 * is every test passing; a run that only lacks timing verdicts is "not yet
 * confirmed", never a failure; a run that went wrong names the first thing
 * to fix.
 */
import path from 'node:path';
import { readLesson, type LessonRun, type TestOutcome } from '@spellbook/catalog';
import { describe, expect, test } from 'vitest';
import { classifyRun } from '../src/check.ts';
import { fixture } from './helpers.ts';

const lesson = readLesson(path.join(fixture, 'lessons', '03-steady-hands'));

function run(tests: TestOutcome[], overrides: Partial<LessonRun> = {}): LessonRun {
  return {
    ending: 'completed',
    exitCode: 0,
    signal: null,
    tests,
    fileErrors: [],
    provisional: 0,
    stderrTail: '',
    wallMs: 10,
    processGroup: 1,
    ...overrides,
  };
}

const passed = (name: string): TestOutcome => ({ file: 'test/a.test.ts', name, status: 'passed' });
const failed = (name: string, message: string): TestOutcome => ({
  file: 'test/a.test.ts',
  name,
  status: 'failed',
  message,
});
const busy = (name: string): TestOutcome => ({
  file: 'test/a.test.ts',
  name,
  status: 'skipped',
  inconclusive: 'inconclusive: the machine was busy',
});

describe('classifyRun', () => {
  test('every test passed: passed', () => {
    expect(classifyRun(run([passed('a'), passed('b')]), lesson)).toEqual({
      kind: 'passed',
      passed: 2,
      skipped: 0,
    });
  });

  test('a skip the lesson makes on purpose (no inconclusive mark) does not stand in the way', () => {
    const skipped: TestOutcome = { file: 'test/a.test.ts', name: 'speed on one core', status: 'skipped' };
    expect(classifyRun(run([passed('a'), skipped]), lesson)).toEqual({
      kind: 'passed',
      passed: 1,
      skipped: 1,
    });
  });

  test('the only tests not passing are inconclusive timing skips: unconfirmed, with their reasons', () => {
    expect(classifyRun(run([passed('a'), busy('speed')]), lesson)).toEqual({
      kind: 'unconfirmed',
      passed: 1,
      inconclusive: [{ name: 'speed', reason: 'inconclusive: the machine was busy' }],
    });
  });

  test('a failure beside an inconclusive skip: failed, and the failure is what to fix first', () => {
    const verdict = classifyRun(
      run([busy('speed'), failed('sums', 'expected 3, saw 2')], { exitCode: 1 }),
      lesson,
    );
    expect(verdict).toEqual({
      kind: 'failed',
      failing: 1,
      total: 2,
      first: { name: 'sums', message: 'expected 3, saw 2' },
    });
  });

  test('the first failing test is the one reported, with its message cleaned of colors', () => {
    const verdict = classifyRun(
      run([passed('a'), failed('b', '\u001b[31mexpected 1\u001b[39m'), failed('c', 'later')], {
        exitCode: 1,
      }),
      lesson,
    );
    expect(verdict).toMatchObject({
      kind: 'failed',
      failing: 2,
      total: 3,
      first: { name: 'b', message: 'expected 1' },
    });
  });

  test('a test file that could not load (a syntax error in src/): failed, with the file and why', () => {
    const verdict = classifyRun(
      run([], {
        exitCode: 1,
        fileErrors: [{ file: 'test/a.test.ts', message: 'Transform failed: Unexpected token' }],
      }),
      lesson,
    );
    expect(verdict).toEqual({
      kind: 'failed',
      failing: 0,
      total: 0,
      first: { name: 'test/a.test.ts could not run', message: 'Transform failed: Unexpected token' },
    });
  });

  test('a run stopped at its time limit: failed, saying the limit and what usually causes it', () => {
    const verdict = classifyRun(
      run([passed('a')], { ending: 'timeout', exitCode: null, signal: 'SIGKILL' }),
      lesson,
    );
    expect(verdict).toMatchObject({ kind: 'failed', first: { name: 'the whole run' } });
    expect(verdict.kind === 'failed' && verdict.first.message).toMatch(
      /^stopped after 30 s: something never finished\. Look for a loop that never ends or a promise that never settles\.$/,
    );
  });

  test('a run that crashed after some passes: failed, with the end of its stderr', () => {
    const verdict = classifyRun(
      run([passed('a')], { ending: 'crashed', exitCode: 7, stderrTail: 'line 1\nprocess.exit called\n' }),
      lesson,
    );
    expect(verdict).toMatchObject({ kind: 'failed', first: { name: 'the whole run' } });
    expect(verdict.kind === 'failed' && verdict.first.message).toBe(
      'the test run ended early (exit code 7)\nline 1\nprocess.exit called',
    );
  });

  test('no test at all: failed, never a pass', () => {
    expect(classifyRun(run([]), lesson)).toMatchObject({
      kind: 'failed',
      total: 0,
      first: { message: 'no test ran' },
    });
  });
});
