/**
 * What the grader prints: a line per lesson as it finishes, then a table.
 * Colour only on a terminal, and never with NO_COLOR (picocolors decides).
 *
 * @module
 */
import pc from 'picocolors';
import { lessonState, NO_VERDICT_WORDS, type LessonReport, type SubmissionReport } from '../model.ts';

const statusColour: Record<LessonReport['status'], (text: string) => string> = {
  passed: pc.green,
  failed: pc.red,
  error: pc.magenta,
  timeout: pc.yellow,
};

/** One progress line. */
export function progressLine(event: {
  submission: string;
  report: LessonReport;
  done: number;
  total: number;
  wallMs: number;
}): string {
  const { report } = event;
  const width = String(event.total).length;
  const counter = pc.dim(`[${String(event.done).padStart(width)}/${event.total}]`);
  const points = `${+report.score.toFixed(2)}/${+report.maxScore.toFixed(2)}`;
  const unmeasured = report.inconclusive?.length
    ? ` ${pc.yellow(`${report.inconclusive.length} inconclusive`)}`
    : '';
  const state = report.needsRegrading
    ? pc.yellow(lessonState(report))
    : statusColour[report.status](report.status);
  return `${counter} ${event.submission} ${report.id} ${state} ${points}${unmeasured} ${pc.dim(`(${(event.wallMs / 1000).toFixed(1)} s)`)}`;
}

/** The final table. */
export function summaryTable(reports: readonly SubmissionReport[]): string {
  const rows = reports.flatMap((report) => [
    ...report.lessons.map((lesson) => [
      report.id,
      lesson.id,
      lessonState(lesson),
      `${+lesson.score.toFixed(2)} / ${+lesson.maxScore.toFixed(2)}`,
    ]),
    [report.id, 'total', '', `${+report.score.toFixed(2)} / ${+report.maxScore.toFixed(2)}`],
  ]);
  const header = ['submission', 'lesson', 'status', 'score'];
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const format = (row: string[], colour = (text: string) => text): string =>
    row
      .map((text, column) => {
        const padded = column === 3 ? text.padStart(widths[column] ?? 0) : text.padEnd(widths[column] ?? 0);
        if (column === 2 && text in statusColour) return statusColour[text as LessonReport['status']](padded);
        return column === 2 && text !== '' ? pc.yellow(padded) : colour(padded);
      })
      .join('  ');
  // Timing tests this machine could not judge: named, so they can be graded again elsewhere.
  const unmeasured = reports.flatMap((report) =>
    report.lessons.flatMap((lesson) =>
      (lesson.inconclusive ?? []).map(
        ({ name, reason }) =>
          `inconclusive (${NO_VERDICT_WORDS[lesson.inconclusivePolicy ?? 'redistribute']}): ${report.id} ${lesson.id} › ${name}: ${reason.split('\n')[0] ?? ''}`,
      ),
    ),
  );
  return [
    format(header, pc.bold),
    ...rows.map((row) => format(row, row[1] === 'total' ? pc.bold : undefined)),
    ...(unmeasured.length > 0 ? ['', ...unmeasured.map((line) => pc.yellow(line))] : []),
  ].join('\n');
}
