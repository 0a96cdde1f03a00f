/**
 * A test's result in words, for the formats that show one text per test
 * (Gradescope, PrairieLearn): what a test with no verdict means under the
 * run's `--inconclusive` policy, what a timing test measured, and whether its
 * lesson's points are held back for a regrade.
 *
 * @module
 */
import { NO_VERDICT_WORDS, type LessonReport, type TestReport } from '../model.ts';

/** A test's output: its message (or "passed"), then one line per measurement. */
export function testOutput(test: TestReport, lesson: LessonReport): string {
  const policy = lesson.inconclusivePolicy ?? 'redistribute';
  const said =
    test.status === 'skipped'
      ? `No verdict: this test could not be judged on the grading machine (${test.message ?? 'inconclusive'}); ${NO_VERDICT_WORDS[policy]}.`
      : (test.message ?? (test.status === 'passed' ? 'passed' : ''));
  const held = lesson.needsRegrading
    ? 'This lesson needs regrading: a timing test gave no verdict on the grading machine, so its points are held back until it is graded on a machine that can judge it.'
    : '';
  const measured = (test.measurements ?? []).map((measurement) => `Measured: ${measurement.text}`);
  return [said, ...measured, held].filter(Boolean).join('\n');
}
