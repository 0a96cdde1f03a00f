/**
 * GitHub Classroom's per-push grading: the result a grading step hands to
 * `classroom-resources/autograding-grading-reporter`. That reporter reads,
 * for each runner id it is given, the environment variable `<ID>_RESULTS`,
 * base64 of a JSON object: `status` (`pass`, `fail` or `error`), `max_score`,
 * and `tests`, each with `name`, `status`, `message` and `score`. It adds up
 * the tests' `score`s against `max_score` and reports "Points X/Y", which
 * GitHub Classroom records; its own console table counts passed tests.
 *
 * Classroom exports a fractional total as 0, so the points here are whole:
 * the total is the submission's score rounded, and each test's share is
 * rounded so that the shares add up to it (each test rounded down, then the
 * tests with the largest remainders get one point more). A test with no
 * verdict on the grading machine is `error`, never `pass`; a lesson awaiting
 * a regrade (`--inconclusive defer`) or whose tests never ran makes the whole
 * result `error`. An instructor's hidden test is listed by number only.
 *
 * The file holds the base64 text on one line, for a workflow step to put in
 * `$GITHUB_OUTPUT` (see examples/github-classroom/classroom.yml).
 *
 * @module
 */
import type { SubmissionReport, TestReport } from '../model.ts';
import { testOutput } from './test-output.ts';

/** Whole numbers, each near its score, that add up to `total`. */
export function wholePoints(scores: readonly number[], total: number): number[] {
  const whole = scores.map((score) => Math.floor(score + 1e-9));
  let left = total - whole.reduce((sum, points) => sum + points, 0);
  const byRemainder = scores
    .map((score, index) => ({ index, remainder: score - Math.floor(score + 1e-9) }))
    .sort((a, b) => b.remainder - a.remainder || a.index - b.index);
  for (const { index } of byRemainder) {
    if (left <= 0) break;
    whole[index] = (whole[index] ?? 0) + 1;
    left -= 1;
  }
  return whole;
}

function statusOf(test: TestReport): 'pass' | 'fail' | 'error' {
  if (test.status === 'passed') return 'pass';
  return test.status === 'skipped' || test.noResult ? 'error' : 'fail';
}

/** The JSON object the reporter reads, before base64. */
export function classroomResult(report: SubmissionReport) {
  const entries = report.lessons.flatMap((lesson) => lesson.tests.map((test) => ({ lesson, test })));
  const points = wholePoints(
    entries.map(({ test }) => test.score),
    Math.round(report.score),
  );
  let hiddenCount = 0;
  const tests = entries.map(({ lesson, test }, index) => {
    const status = statusOf(test);
    if (test.hidden) hiddenCount += 1;
    return {
      name: test.hidden ? `${lesson.id}: hidden test ${hiddenCount}` : `${lesson.id}: ${test.name}`,
      status,
      message:
        status === 'pass'
          ? ''
          : test.hidden
            ? "An instructor's hidden test did not pass; its details are not shown."
            : testOutput(test, lesson),
      score: points[index] ?? 0,
    };
  });
  const unjudged = report.lessons.some(
    (lesson) => lesson.needsRegrading || lesson.tests.some((test) => test.noResult),
  );
  const short =
    tests.some((test) => test.status === 'fail') || Math.round(report.score) < Math.round(report.maxScore);
  const status = unjudged ? 'error' : short ? 'fail' : 'pass';
  return { version: 1, status, max_score: Math.round(report.maxScore), tests };
}

/** The result's base64 text, on one line. */
export function classroomReport(report: SubmissionReport): string {
  return `${Buffer.from(JSON.stringify(classroomResult(report))).toString('base64')}\n`;
}
