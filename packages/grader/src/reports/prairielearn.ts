/**
 * PrairieLearn's `results.json` for one submission, as its external-grading
 * documentation describes it: `score` from 0 to 1, `gradable`, a `message`,
 * and one entry per test with `name`, `points`, `max_points`, `message` and
 * `output`, in a file of at most 1 MB.
 *
 * `gradable: false` is PrairieLearn's "no points awarded or lost, and no
 * attempt used": exactly what `--inconclusive defer` means. So a submission
 * with a lesson that needs regrading is not gradable, `format_errors` says
 * which lessons and why, and the student may submit again on a machine that
 * can judge them; its tests are still listed. Under `redistribute` and `zero`
 * the score stands. An instructor's hidden test shows its points, never its
 * name or message.
 *
 * @module
 */
import type { SubmissionReport } from '../model.ts';
import { testOutput } from './test-output.ts';

/** PrairieLearn's limit on the size of results.json, in bytes. */
export const PRAIRIELEARN_MAX_BYTES = 1_000_000;

/** How much of a test's output is kept when the whole file would be over the limit. */
const SHORT_OUTPUT = 2_000;

/** The PrairieLearn results.json text for one submission. */
export function prairielearnReport(report: SubmissionReport, machine?: string): string {
  const deferred = report.lessons.filter((lesson) => lesson.needsRegrading).map((lesson) => lesson.id);
  let hiddenCount = 0;
  const tests = report.lessons.flatMap((lesson) =>
    lesson.tests.map((test) => {
      if (test.hidden) hiddenCount += 1;
      const output = test.hidden ? '' : testOutput(test, lesson);
      return {
        name: test.hidden ? `${lesson.id}: hidden test ${hiddenCount}` : `${lesson.id}: ${test.name}`,
        points: test.score,
        max_points: test.maxScore,
        message: test.hidden
          ? "An instructor's hidden test: only its points are shown."
          : test.status === 'passed'
            ? 'passed'
            : test.status === 'skipped'
              ? 'no verdict on the grading machine'
              : 'failed',
        output,
      };
    }),
  );
  const summary = [
    `Graded ${report.lessons.length} lesson(s): ${report.score} of ${report.maxScore} points.`,
    ...(deferred.length > 0
      ? [
          `Not graded: ${deferred.join(', ')} had a timing test with no verdict on the grading machine, so no points are awarded or lost and no attempt is used; submit again where the machine can judge it.`,
        ]
      : []),
    ...(machine !== undefined ? [`Grading machine: ${machine}`] : []),
  ].join('\n');
  const body = (keptOutput: (text: string) => string) => ({
    gradable: deferred.length === 0,
    ...(deferred.length > 0
      ? {
          format_errors: deferred.map(
            (id) => `${id}: a timing test gave no verdict on the grading machine; it needs regrading`,
          ),
        }
      : {}),
    score: report.maxScore > 0 ? Math.round((report.score / report.maxScore) * 10_000) / 10_000 : 0,
    message: summary,
    tests: tests.map((test) => ({ ...test, output: keptOutput(test.output) })),
  });
  const whole = `${JSON.stringify(
    body((text) => text),
    null,
    2,
  )}\n`;
  if (Buffer.byteLength(whole) <= PRAIRIELEARN_MAX_BYTES) return whole;
  const shortened = `${JSON.stringify(
    body((text) => (text.length > SHORT_OUTPUT ? `${text.slice(0, SHORT_OUTPUT)}… (shortened)` : text)),
    null,
    2,
  )}\n`;
  if (Buffer.byteLength(shortened) <= PRAIRIELEARN_MAX_BYTES) return shortened;
  return `${JSON.stringify(body(() => '(left out: the results would be over 1 MB)'))}\n`;
}
