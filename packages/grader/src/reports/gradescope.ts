/**
 * Gradescope's `results.json` for one submission, in the fields of
 * Gradescope's autograder specification: the score and the run's
 * `execution_time`, then one entry per test with its points, status, output
 * and visibility (an instructor's hidden tests stay hidden from the student
 * until grades are published). Tests are numbered `<chapter>.<n>`, which
 * Gradescope uses to group them by lesson.
 *
 * Every text is plain (`output_format`, `test_output_format` and
 * `test_name_format` are `text`, so nothing is read as HTML) and has its
 * colour codes removed. A timing test that was inconclusive on the grading
 * machine counts for nothing either way: it has no `status` (Gradescope's
 * "failed" would tell the student they lost points they did not) and its
 * output says why. What a timing test measured follows its output, in words,
 * and is kept as data in the test's `extra_data`. The spec has no field for
 * the submission's maximum; it is in the top-level `extra_data`.
 *
 * @module
 */
import type { SubmissionReport, TestReport } from '../model.ts';

/** A test's output: its message (or "passed"), then one line per measurement. */
function outputOf(test: TestReport): string {
  const said =
    test.status === 'skipped'
      ? `Not counted: this test gave no verdict on the grading machine (${test.message ?? 'inconclusive'}).`
      : (test.message ?? (test.status === 'passed' ? 'passed' : ''));
  const measured = (test.measurements ?? []).map((measurement) => `Measured: ${measurement.text}`);
  return [said, ...measured].filter(Boolean).join('\n');
}

/** The Gradescope results.json text for one submission. */
export function gradescopeReport(report: SubmissionReport): string {
  const tests = report.lessons.flatMap((lesson) => {
    const chapter = Number.parseInt(lesson.id, 10);
    return lesson.tests.map((test, index) => ({
      name: `${lesson.id}: ${test.name}`,
      name_format: 'text',
      ...(Number.isFinite(chapter) ? { number: `${chapter}.${index + 1}` } : {}),
      score: test.score,
      max_score: test.maxScore,
      ...(test.status === 'skipped' ? {} : { status: test.status === 'passed' ? 'passed' : 'failed' }),
      output: outputOf(test),
      output_format: 'text',
      visibility: test.hidden ? 'after_published' : 'visible',
      tags: [lesson.id, ...(test.status === 'skipped' ? ['inconclusive'] : [])],
      ...(test.measurements || test.durationMs !== undefined
        ? {
            extra_data: {
              ...(test.durationMs !== undefined ? { durationMs: test.durationMs } : {}),
              ...(test.measurements ? { measurements: test.measurements } : {}),
            },
          }
        : {}),
    }));
  });
  const warnings = report.lessons.flatMap((lesson) =>
    (lesson.warnings ?? []).map((warning) => `${lesson.id}: ${warning}`),
  );
  const inconclusive = report.lessons.reduce(
    (count, lesson) => count + lesson.tests.filter((test) => test.status === 'skipped').length,
    0,
  );
  const summary = [
    `Graded ${report.lessons.length} lesson(s): ${report.score} of ${report.maxScore} points.`,
    ...(inconclusive > 0
      ? [
          `${inconclusive} timing test(s) gave no verdict on the grading machine and are not counted either way.`,
        ]
      : []),
    ...warnings,
  ];
  const executionMs = report.lessons.reduce((sum, lesson) => sum + (lesson.durationMs ?? 0), 0);
  return `${JSON.stringify(
    {
      score: report.score,
      execution_time: Math.round(executionMs / 1000),
      output: summary.join('\n'),
      output_format: 'text',
      test_output_format: 'text',
      test_name_format: 'text',
      visibility: 'visible',
      stdout_visibility: 'hidden',
      extra_data: { maxScore: report.maxScore },
      tests,
    },
    null,
    2,
  )}\n`;
}
