/**
 * Exercism's test-runner `results.json`, version 3, for one lesson of one
 * submission: what an Exercism-style runner, or any LMS that reads the
 * format, shows a student. Its interface document (exercism/docs,
 * building/tooling/test-runners/interface.md) asks for a `status` of `pass`,
 * `fail` or `error` (with a `message` when `error`), and the tests in the
 * order of the test file, each with `name`, `status`, a `message`, an
 * `output` of at most 500 characters, and a `task_id` where the test belongs
 * to exactly one task.
 *
 * A lesson's tasks are the names its exercise file must export, in the
 * chapter's order (the lesson's `course.exercise.exports`): a test whose name
 * starts with one of them belongs to that task. A test with no verdict on the
 * grading machine is `error`, never `pass`, with the words of the run's
 * `--inconclusive` policy; a lesson that needs regrading (`defer`) or whose
 * tests never ran is `error` as a whole, with the reason. An instructor's
 * hidden test is listed by number only. `test_code` (optional for exercises
 * whose tests the student can read, as here) is left out.
 *
 * @module
 */
import type { LessonReport, TestReport } from '../model.ts';
import { testOutput } from './test-output.ts';

/** The most an Exercism test's `output` may hold. */
export const EXERCISM_OUTPUT_MAX = 500;

const TRUNCATED = '… Output was truncated. Please limit to 500 chars';

/** `text` within the limit, ending with Exercism's own words when cut. */
function limited(text: string): string {
  return text.length <= EXERCISM_OUTPUT_MAX
    ? text
    : `${text.slice(0, EXERCISM_OUTPUT_MAX - TRUNCATED.length)}${TRUNCATED}`;
}

/** The 1-based task of a test: the one export its name starts with, if exactly one does. */
export function taskOf(testName: string, exports: readonly string[]): number | undefined {
  const matching = exports
    .map((name, index) => ({ name, task: index + 1 }))
    .filter(({ name }) => testName.startsWith(name) && /^(?:$|[\s:>])/.test(testName.slice(name.length)));
  return matching.length === 1 ? matching[0]?.task : undefined;
}

function statusOf(test: TestReport): 'pass' | 'fail' | 'error' {
  if (test.status === 'passed') return 'pass';
  if (test.status === 'skipped' || test.noResult) return 'error';
  return 'fail';
}

/** The results.json text of one lesson; `exports` are its exercise's names, in order. */
export function exercismReport(lesson: LessonReport, exports: readonly string[]): string {
  let hiddenCount = 0;
  const tests = lesson.tests.map((test) => {
    const status = statusOf(test);
    if (test.hidden) {
      hiddenCount += 1;
      // An instructor's hidden test counts, but says nothing of itself.
      return {
        name: `hidden test ${hiddenCount}`,
        status,
        message:
          status === 'pass' ? null : "An instructor's hidden test did not pass; its details are not shown.",
      };
    }
    const task = taskOf(test.name, exports);
    return {
      name: test.name,
      status,
      message: status === 'pass' ? null : testOutput(test, lesson),
      ...(test.measurements
        ? { output: limited(test.measurements.map((measurement) => measurement.text).join('\n')) }
        : {}),
      ...(task !== undefined ? { task_id: task } : {}),
    };
  });
  const noResult = lesson.tests.some((test) => test.noResult);
  const failed = tests.some((test) => test.status === 'fail');
  const withoutVerdict = tests.some((test) => test.status === 'error');
  const zeroed = withoutVerdict && lesson.inconclusivePolicy === 'zero';
  const [status, message]: ['pass' | 'fail' | 'error', string | null] = noResult
    ? [
        'error',
        `The tests did not all run: ${lesson.tests.find((test) => test.noResult)?.message ?? lesson.status}.`,
      ]
    : lesson.needsRegrading
      ? [
          'error',
          'A timing test gave no verdict on the grading machine, so this lesson needs grading again on a machine that can judge it.',
        ]
      : failed || zeroed
        ? ['fail', null]
        : ['pass', null];
  return `${JSON.stringify({ version: 3, status, message, tests }, null, 2)}\n`;
}
