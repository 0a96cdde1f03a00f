/**
 * Exercism's test-runner results.json, version 3 (`--exercism FILE`),
 * checked against its interface document (exercism/docs,
 * building/tooling/test-runners/interface.md), written here as a schema
 * since none is published as a file: `version` 3, `status` pass | fail |
 * error, `message` (a string when the status is `error`, else null or
 * absent), and `tests` in the test file's order, each with `name`, `status`,
 * an optional `message`, an `output` of at most 500 characters and an integer
 * `task_id`.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import type { LessonReport, TestReport } from '../src/model.ts';
import { EXERCISM_OUTPUT_MAX, exercismReport, taskOf } from '../src/reports/exercism.ts';
import { course, grader } from './helpers.ts';

const status = z.enum(['pass', 'fail', 'error']);
const exercismResults = z
  .object({
    version: z.literal(3),
    status,
    message: z.string().nullable().optional(),
    tests: z.array(
      z
        .object({
          name: z.string().min(1),
          test_code: z.string().optional(),
          status,
          message: z.string().nullable().optional(),
          output: z.string().max(EXERCISM_OUTPUT_MAX).nullable().optional(),
          task_id: z.number().int().positive().optional(),
        })
        .strict(),
    ),
  })
  .strict()
  .refine((results) => (results.status === 'error') === (typeof results.message === 'string'), {
    message: 'a message exactly when the status is error',
  });

const checked = (text: string) => exercismResults.parse(JSON.parse(text));

const exports = ['readScrollAtOnce', 'readScrollSettled'];

const lessonOf = (tests: TestReport[], extra: Partial<LessonReport> = {}): LessonReport => ({
  id: '02-many-messengers',
  score: 0,
  maxScore: 10,
  status: 'failed',
  tests,
  ...extra,
});

const passed = (name: string): TestReport => ({ name, status: 'passed', score: 5, maxScore: 5 });

describe("Exercism's results.json", () => {
  test("each test is linked to the one export (the chapter's task) its name starts with", () => {
    expect(taskOf('readScrollAtOnce > keeps scroll order', exports)).toBe(1);
    expect(taskOf('readScrollSettled: one bad page', exports)).toBe(2);
    expect(taskOf('readScrollAtOnceMore > is another task', exports)).toBeUndefined();
    expect(taskOf('the whole chapter', exports)).toBeUndefined();
  });

  test('all passed: pass, in the order of the tests', () => {
    const results = checked(
      exercismReport(
        lessonOf([passed('readScrollAtOnce > a'), passed('readScrollSettled > b')], { status: 'passed' }),
        exports,
      ),
    );
    expect(results.status).toBe('pass');
    expect(results.tests.map((entry) => [entry.name, entry.status, entry.task_id])).toEqual([
      ['readScrollAtOnce > a', 'pass', 1],
      ['readScrollSettled > b', 'pass', 2],
    ]);
  });

  test('a failure: fail, with its message, and what was measured cut to 500 characters', () => {
    const failed: TestReport = {
      name: 'readScrollAtOnce > is fast',
      status: 'failed',
      score: 0,
      maxScore: 5,
      message: 'expected 300 ms, saw 900 ms',
      measurements: [{ text: 'x'.repeat(2_000), figures: [] }],
    };
    const results = checked(exercismReport(lessonOf([passed('readScrollAtOnce > a'), failed]), exports));
    expect(results.status).toBe('fail');
    expect(results.tests[1]?.message).toContain('expected 300 ms, saw 900 ms');
    expect(results.tests[1]?.output).toMatch(/Output was truncated\. Please limit to 500 chars$/);
  });

  test('no verdict is an error, never a pass; a lesson deferred for a regrade is an error with the reason', () => {
    const speed: TestReport = {
      name: 'readScrollAtOnce > is fast',
      status: 'skipped',
      score: 0,
      maxScore: 0,
      message: 'inconclusive: 1 usable core',
    };
    const redistributed = checked(
      exercismReport(
        lessonOf([passed('readScrollAtOnce > a'), speed], { inconclusivePolicy: 'redistribute' }),
        exports,
      ),
    );
    expect(redistributed.tests[1]?.status).toBe('error');
    expect(redistributed.status).toBe('pass');
    const zero = checked(
      exercismReport(
        lessonOf([passed('readScrollAtOnce > a'), speed], { inconclusivePolicy: 'zero' }),
        exports,
      ),
    );
    expect(zero.status).toBe('fail');
    const deferred = checked(
      exercismReport(
        lessonOf([passed('readScrollAtOnce > a'), speed], {
          inconclusivePolicy: 'defer',
          needsRegrading: true,
        }),
        exports,
      ),
    );
    expect(deferred.status).toBe('error');
    expect(deferred.message).toContain('needs grading again');
  });

  test("an instructor's hidden test counts, under a number, and says nothing of itself", () => {
    const hidden: TestReport = {
      name: 'readScrollAtOnce > the secret',
      status: 'failed',
      score: 0,
      maxScore: 5,
      hidden: true,
      message: 'expected the secret',
    };
    const text = exercismReport(lessonOf([passed('readScrollAtOnce > a'), hidden]), exports);
    expect(text).not.toContain('secret');
    const results = checked(text);
    expect(results.status).toBe('fail');
    expect(results.tests[1]).toMatchObject({ name: 'hidden test 1', status: 'fail' });
  });

  test('graded from the command line, for one lesson of one submission only', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'exercism-')), 'results.json');
    const run = grader([
      '--submission',
      path.join(course, 'submissions', 'failing'),
      '--lessons',
      '01',
      '--exercism',
      file,
    ]);
    expect(run.status, run.stderr).toBe(0);
    const results = checked(readFileSync(file, 'utf8'));
    expect(results.status).toBe('fail');
    expect(results.tests.map((entry) => entry.name)).toEqual([
      'an empty sky has no stars',
      'counts the stars among the clouds',
      'a long night',
    ]);

    const twoLessons = grader([
      '--submission',
      path.join(course, 'submissions', 'failing'),
      '--exercism',
      file,
    ]);
    expect(twoLessons.status).toBe(2);
    expect(twoLessons.stderr).toContain(
      "--exercism writes one lesson's results; choose it with --lessons NN",
    );
  });
});
