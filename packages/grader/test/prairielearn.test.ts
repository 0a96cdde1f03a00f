/**
 * PrairieLearn's results.json (`--prairielearn FILE`), checked against the
 * fields its external-grading documentation lists (docs/externalGrading.md,
 * "Grading results"), written here as a schema since none is published as a
 * file: `score` in [0, 1] (needed unless the submission is not gradable),
 * `gradable`, `format_errors` (a string or a list), `message`, `output`, and
 * `tests` of `name`, `description`, `points`, `max_points`, `message`,
 * `output`; at most 1 MB.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import type { TestReport } from '../src/model.ts';
import { PRAIRIELEARN_MAX_BYTES, prairielearnReport } from '../src/reports/prairielearn.ts';
import { course, grader, lessonOf, submissionOf } from './helpers.ts';

const prairieLearnTest = z.object({
  name: z.string(),
  description: z.string().optional(),
  points: z.number().min(0).optional(),
  max_points: z.number().min(0).optional(),
  message: z.string().optional(),
  output: z.string().optional(),
});

const prairieLearnResults = z
  .object({
    gradable: z.boolean().optional(),
    score: z.number().min(0).max(1).optional(),
    format_errors: z.union([z.string(), z.array(z.string())]).optional(),
    message: z.string().optional(),
    output: z.string().optional(),
    tests: z.array(prairieLearnTest).optional(),
  })
  .refine((results) => results.gradable === false || results.score !== undefined, {
    message: 'a gradable result needs a score',
  });

/** The report's text parsed and checked against the schema, and its size. */
function checked(text: string) {
  expect(Buffer.byteLength(text)).toBeLessThanOrEqual(PRAIRIELEARN_MAX_BYTES);
  return prairieLearnResults.parse(JSON.parse(text));
}

const passing: TestReport = { name: 'sums right', status: 'passed', score: 6, maxScore: 6 };
const failing: TestReport = {
  name: 'keeps the order',
  status: 'failed',
  score: 0,
  maxScore: 4,
  message: 'expected [1, 2] to equal [2, 1]',
};

describe("PrairieLearn's results.json", () => {
  test('a score from 0 to 1, and every test with its points', () => {
    const results = checked(prairielearnReport(submissionOf([lessonOf([passing, failing])]), 'a machine'));
    expect(results).toMatchObject({ gradable: true, score: 0.6 });
    expect(results.tests).toEqual([
      {
        name: '02-many-messengers: sums right',
        points: 6,
        max_points: 6,
        message: 'passed',
        output: 'passed',
      },
      {
        name: '02-many-messengers: keeps the order',
        points: 0,
        max_points: 4,
        message: 'failed',
        output: 'expected [1, 2] to equal [2, 1]',
      },
    ]);
    expect(results.message).toContain('Grading machine: a machine');
  });

  test('a lesson deferred for a regrade is "not gradable": no points lost, no attempt used', () => {
    const speed: TestReport = {
      name: 'is faster',
      status: 'skipped',
      score: 0,
      maxScore: 0,
      message: 'inconclusive: 1 usable core',
    };
    const deferred = lessonOf([{ ...passing, score: 0 }, speed], {
      id: '05-the-copying-spell',
      score: 0,
      maxScore: 6,
      needsRegrading: true,
      inconclusivePolicy: 'defer',
    });
    const results = checked(prairielearnReport(submissionOf([lessonOf([passing]), deferred])));
    expect(results.gradable).toBe(false);
    expect(results.format_errors).toEqual([
      '05-the-copying-spell: a timing test gave no verdict on the grading machine; it needs regrading',
    ]);
    expect(results.tests?.[2]).toMatchObject({ message: 'no verdict on the grading machine' });
    expect(results.tests?.[2]?.output).toContain('No verdict');
  });

  test("an instructor's hidden test shows its points, never its name or message", () => {
    const hidden: TestReport = { ...failing, name: 'the secret order', hidden: true };
    const text = prairielearnReport(submissionOf([lessonOf([passing, hidden])]));
    expect(text).not.toContain('the secret order');
    expect(text).not.toContain('expected [1, 2]');
    expect(checked(text).tests?.[1]).toMatchObject({ name: '02-many-messengers: hidden test 1', points: 0 });
  });

  test('results that would be over 1 MB are shortened, never cut mid-JSON', () => {
    const long = Array.from({ length: 400 }, (_, i) => ({
      ...failing,
      name: `case ${i}`,
      message: 'x'.repeat(5_000),
    }));
    const results = checked(prairielearnReport(submissionOf([lessonOf(long)])));
    expect(results.tests).toHaveLength(400);
    expect(results.tests?.[0]?.output).toMatch(/… \(shortened\)$/);
  });

  test('graded from the command line, for one submission only', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'prairielearn-')), 'results.json');
    const run = grader([
      '--submission',
      path.join(course, 'submissions', 'failing'),
      '--lessons',
      '01',
      '--prairielearn',
      file,
    ]);
    expect(run.status, run.stderr).toBe(0);
    const results = checked(readFileSync(file, 'utf8'));
    expect(results.gradable).toBe(true);
    expect(results.score).toBeGreaterThan(0);
    expect(results.score).toBeLessThan(1);
    expect(results.message).toMatch(/^Graded 1 lesson\(s\)/);

    const forClass = grader(['--submissions', path.join(course, 'submissions'), '--prairielearn', file]);
    expect(forClass.status).toBe(2);
    expect(forClass.stderr).toContain(
      "--prairielearn writes one submission's results; use it with --submission",
    );
  });
});
