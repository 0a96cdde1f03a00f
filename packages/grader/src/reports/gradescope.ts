/**
 * Gradescope's `results.json` for one submission: the total, and one entry
 * per test with its points, status, output and visibility (an instructor's
 * hidden tests stay hidden from the student until grades are published).
 * What a timing test measured on the grading machine follows its output, in
 * words, and is kept as data in the test's `extra_data`.
 *
 * @module
 */
import type { SubmissionReport, TestReport } from '../model.ts';

/** A test's output: its message (or "passed"), then one line per measurement. */
function outputOf(test: TestReport): string {
  const said = test.message ?? (test.status === 'passed' ? 'passed' : '');
  const measured = (test.measurements ?? []).map((measurement) => `Measured: ${measurement.text}`);
  return [said, ...measured].filter(Boolean).join('\n');
}

/** The Gradescope results.json text for one submission. */
export function gradescopeReport(report: SubmissionReport): string {
  const tests = report.lessons.flatMap((lesson) =>
    lesson.tests.map((test) => ({
      name: `${lesson.id}: ${test.name}`,
      name_format: 'text',
      score: test.score,
      max_score: test.maxScore,
      status: test.status === 'passed' ? 'passed' : 'failed',
      output: outputOf(test),
      output_format: 'text',
      visibility: test.hidden ? 'after_published' : 'visible',
      tags: [lesson.id],
      ...(test.measurements || test.durationMs !== undefined
        ? {
            extra_data: {
              ...(test.durationMs !== undefined ? { durationMs: test.durationMs } : {}),
              ...(test.measurements ? { measurements: test.measurements } : {}),
            },
          }
        : {}),
    })),
  );
  const warnings = report.lessons.flatMap((lesson) =>
    (lesson.warnings ?? []).map((warning) => `${lesson.id}: ${warning}`),
  );
  return `${JSON.stringify(
    {
      score: report.score,
      max_score: report.maxScore,
      output: warnings.length > 0 ? warnings.join('\n') : `Graded ${report.lessons.length} lesson(s).`,
      visibility: 'visible',
      stdout_visibility: 'hidden',
      tests,
    },
    null,
    2,
  )}\n`;
}
