/**
 * A Markdown summary: a table per class or submission, and for a single
 * submission the tests that did not pass. Fits a GitHub step summary.
 *
 * @module
 */
import type { SubmissionReport } from '../model.ts';

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const points = (score: number, max: number): string => `${+score.toFixed(2)} / ${+max.toFixed(2)}`;

/** The Markdown text of the report. */
export function markdownReport(reports: readonly SubmissionReport[], asClass: boolean): string {
  const lines = ['# The Concurrency Spellbook — grades', ''];
  if (asClass) {
    const lessonIds = reports[0]?.lessons.map((lesson) => lesson.id) ?? [];
    lines.push(`| student | ${lessonIds.map((id) => id.slice(0, 2)).join(' | ')} | total |`);
    lines.push(`| --- | ${lessonIds.map(() => '---:').join(' | ')} | ---: |`);
    for (const report of reports) {
      const scores = report.lessons.map((lesson) => `${+lesson.score.toFixed(2)}`);
      lines.push(`| ${cell(report.id)} | ${scores.join(' | ')} | ${points(report.score, report.maxScore)} |`);
    }
    return `${lines.join('\n')}\n`;
  }
  const [report] = reports;
  if (!report) return `${lines.join('\n')}\n`;
  lines.push(
    `**Total: ${points(report.score, report.maxScore)}**`,
    '',
    '| lesson | score | status |',
    '| --- | ---: | --- |',
  );
  for (const lesson of report.lessons) {
    lines.push(`| ${lesson.id} | ${points(lesson.score, lesson.maxScore)} | ${lesson.status} |`);
  }
  const notPassed = report.lessons.flatMap((lesson) =>
    lesson.tests.filter((test) => test.status !== 'passed').map((test) => ({ lesson: lesson.id, test })),
  );
  if (notPassed.length > 0) {
    lines.push('', '## Not passed', '');
    for (const { lesson, test } of notPassed) {
      lines.push(
        `- **${lesson}** — ${cell(test.name)} (${test.status}): ${cell((test.message ?? '').split('\n')[0] ?? '')}`,
      );
    }
  }
  const warnings = report.lessons.flatMap((lesson) =>
    (lesson.warnings ?? []).map((warning) => `${lesson.id}: ${warning}`),
  );
  if (warnings.length > 0) {
    lines.push('', '## Warnings', '', ...warnings.map((warning) => `- ${cell(warning)}`));
  }
  return `${lines.join('\n')}\n`;
}
