/**
 * GitHub Classroom's per-push grading: the result `--classroom` writes (what
 * classroom-resources/autograding-grading-reporter v1 reads: base64 JSON of
 * `status`, `max_score` and `tests` with `name`, `status`, `message`,
 * `score`, added up as "Points X/Y"), and the example workflow
 * (examples/github-classroom/classroom.yml): linted by actionlint, pinned,
 * reading only, and wired so that the reporter finds the grading step's
 * result.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import { gradeArgs } from '../src/commands/grade.ts';
import type { TestReport } from '../src/model.ts';
import { classroomReport, wholePoints } from '../src/reports/classroom.ts';
import { actionlint, course, grader, lessonOf, submissionOf } from './helpers.ts';

const status = z.enum(['pass', 'fail', 'error']);
/** The fields the reporter reads (src/main.js, aggregate-results.js, notify-classroom.js at v1). */
const reporterInput = z.object({
  version: z.number().optional(),
  status,
  max_score: z.number().int().nonnegative(),
  tests: z.array(
    z.object({ name: z.string().min(1), status, message: z.string(), score: z.number().int().nonnegative() }),
  ),
});

/** Decodes and checks a result the way the reporter reads it, and adds up its points as it does. */
function asTheReporterReads(text: string) {
  expect(text).toMatch(/^[A-Za-z0-9+/]+=*\n$/);
  const result = reporterInput.parse(JSON.parse(Buffer.from(text.trim(), 'base64').toString('utf8')));
  const points = result.tests.reduce((sum, entry) => sum + entry.score, 0);
  return { ...result, points };
}

const testOf = (
  name: string,
  score: number,
  maxScore: number,
  extra: Partial<TestReport> = {},
): TestReport => ({
  name,
  status: score === maxScore ? 'passed' : 'failed',
  score,
  maxScore,
  ...extra,
});

describe("GitHub Classroom's result", () => {
  test('whole points that add up to the rounded total, each near its own share', () => {
    expect(wholePoints([15 / 7, 15 / 7, 15 / 7, 0, 15 / 7], 9)).toEqual([3, 2, 2, 0, 2]);
    expect(wholePoints([2.5, 2.5, 0], 5)).toEqual([3, 2, 0]);
    expect(wholePoints([], 0)).toEqual([]);
  });

  test('fractional shares of a lesson become whole points with the same total', () => {
    const share = 15 / 7;
    const tests = Array.from({ length: 7 }, (_, i) => testOf(`case ${i}`, i < 4 ? share : 0, share));
    const result = asTheReporterReads(classroomReport(submissionOf([lessonOf(tests)])));
    expect(result.max_score).toBe(15);
    expect(result.points).toBe(Math.round(4 * share));
    expect(result.status).toBe('fail');
    expect(result.tests[5]).toMatchObject({ status: 'fail', score: 0 });
  });

  test('no verdict is an error, never a pass; a lesson deferred for a regrade makes the result an error', () => {
    const speed = testOf('is faster', 0, 0, { status: 'skipped', message: 'inconclusive: 1 usable core' });
    const deferred = lessonOf([testOf('sums right', 0, 10), speed], {
      score: 0,
      maxScore: 10,
      needsRegrading: true,
      inconclusivePolicy: 'defer',
    });
    const result = asTheReporterReads(classroomReport(submissionOf([deferred])));
    expect(result.status).toBe('error');
    expect(result.tests[1]).toMatchObject({ status: 'error' });
    expect(result.tests[1]?.message).toContain('No verdict');
  });

  test('all passed is pass, with every point', () => {
    const result = asTheReporterReads(
      classroomReport(
        submissionOf([lessonOf([testOf('a', 7.5, 7.5), testOf('b', 7.5, 7.5)], { status: 'passed' })]),
      ),
    );
    expect([result.status, result.points, result.max_score]).toEqual(['pass', 15, 15]);
  });

  test('written from the command line for one submission', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'classroom-')), 'grade.b64');
    const run = grader(['--submission', path.join(course, 'submissions', 'failing'), '--classroom', file]);
    expect(run.status, run.stderr).toBe(0);
    const result = asTheReporterReads(readFileSync(file, 'utf8'));
    expect(result.status).toBe('fail');
    expect(result.points).toBeGreaterThan(0);
    expect(result.points).toBeLessThan(result.max_score);
  });
});

const file = path.join(import.meta.dirname, '..', 'examples', 'github-classroom', 'classroom.yml');
const text = readFileSync(file, 'utf8');
interface Step {
  readonly name?: string;
  readonly id?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly 'working-directory'?: string;
  readonly with?: Record<string, string | boolean>;
  readonly env?: Record<string, string>;
}
const workflow = parse(text) as {
  readonly on: Record<string, unknown>;
  readonly permissions: Record<string, string>;
  readonly jobs: Record<string, { readonly steps: readonly Step[]; readonly 'timeout-minutes'?: number }>;
};
const steps = workflow.jobs['grade']?.steps ?? [];

describe('the GitHub Classroom example workflow', () => {
  test('passes actionlint', () => {
    const lint = actionlint(file);
    expect(lint.status, lint.output).toBe(0);
  });

  test('runs on push, reads only, keeps no token, and pins every action to a full commit SHA', () => {
    expect(Object.keys(workflow.on)).toEqual(['push', 'workflow_dispatch']);
    expect(workflow.permissions).toEqual({ contents: 'read' });
    expect(workflow.jobs['grade']?.['timeout-minutes']).toBeGreaterThan(0);
    const lines = text.split('\n').filter((line) => /^\s*(?:- )?uses: /.test(line));
    expect(lines.length).toBe(4);
    const pinned = /uses: [\w.-]+\/[\w./-]+@[0-9a-f]{40} # v\d+(?:\.\d+\.\d+)?$/;
    for (const line of lines) expect(line).toMatch(pinned);
    for (const step of steps.filter((s) => s.uses?.startsWith('actions/checkout@'))) {
      expect(step.with?.['persist-credentials']).toBe(false);
    }
  });

  test('grades the course as published, with the student’s repository as the submission', () => {
    const checkouts = steps.filter((s) => s.uses?.startsWith('actions/checkout@'));
    expect(checkouts.map((s) => s.with?.['path'])).toEqual(['submission', 'course']);
    expect(checkouts[1]?.with?.['repository']).toBe('${{ vars.COURSE_REPOSITORY }}');
    const grade = steps.find((s) => s.id === 'grade');
    expect(grade?.['working-directory']).toBe('course');
    const command = grade?.run?.replace(/\\\n\s*/g, ' ') ?? '';
    expect(command).toContain('pnpm grade --submission "$GITHUB_WORKSPACE/submission"');
    const options = [...command.matchAll(/(?:^|\s)--([\w-]+)/g)].map((match) => match[1] ?? '');
    expect(options).toContain('classroom');
    for (const option of options) expect(Object.keys(gradeArgs), `--${option}`).toContain(option);
  });

  test("the reporter reads the grading step's result: <id>_RESULTS for each id in runners", () => {
    const reporter = steps.find((s) =>
      s.uses?.startsWith('classroom-resources/autograding-grading-reporter@'),
    );
    const runners = String(reporter?.with?.['runners'] ?? '').split(',');
    expect(runners).toEqual(['grade']);
    for (const runner of runners) {
      expect(steps.some((s) => s.id === runner)).toBe(true);
      expect(reporter?.env?.[`${runner.toUpperCase()}_RESULTS`]).toBe(
        `\${{ steps.${runner}.outputs.result }}`,
      );
    }
    expect(steps.find((s) => s.id === 'grade')?.run).toContain(
      'echo "result=$(cat "$RUNNER_TEMP/grade.b64")" >> "$GITHUB_OUTPUT"',
    );
  });
});
