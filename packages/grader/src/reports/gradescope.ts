/**
 * Gradescope's `results.json` for one submission: the total, and one entry
 * per test with its points, status, output and visibility (an instructor's
 * hidden tests stay hidden from the student until grades are published).
 *
 * @module
 */
import type { SubmissionReport } from '../model.ts';

/** The Gradescope results.json text for one submission. */
export function gradescopeReport(report: SubmissionReport): string {
  const tests = report.lessons.flatMap((lesson) =>
    lesson.tests.map((test) => ({
      name: `${lesson.id}: ${test.name}`,
      name_format: 'text',
      score: test.score,
      max_score: test.maxScore,
      status: test.status === 'passed' ? 'passed' : 'failed',
      output: test.message ?? (test.status === 'passed' ? 'passed' : ''),
      output_format: 'text',
      visibility: test.hidden ? 'after_published' : 'visible',
      tags: [lesson.id],
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
