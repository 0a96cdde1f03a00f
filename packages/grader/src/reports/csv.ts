/**
 * The class as CSV, for importing into a learning management system: one
 * row per student, a column per lesson (named by the lesson id) with its
 * score, then `total` and `max`. RFC 4180: comma-separated, CRLF line ends,
 * a field quoted when it holds a comma, a quote, a line break or edge spaces.
 * A lesson not graded for a student is an empty cell, and counts in neither
 * that student's total nor max; so is a lesson that needs regrading (a timing
 * test gave no verdict under `--inconclusive defer`): it has no grade yet.
 *
 * @module
 */
import { round } from '../model.ts';

/** What a CSV row needs from a submission's report. */
export interface CsvSubmission {
  readonly id: string;
  readonly lessons: ReadonlyArray<{
    readonly id: string;
    readonly score: number;
    readonly maxScore: number;
    readonly needsRegrading?: true;
  }>;
}

/** One field, quoted when RFC 4180 needs it (and when spaces at its ends would be trimmed by some readers). */
export function csvField(text: string): string {
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function points(value: number): string {
  return String(round(value));
}

/** The CSV text: a header line and a line per submission, in the order given. */
export function csvReport(submissions: readonly CsvSubmission[]): string {
  const lessonIds = [
    ...new Set(submissions.flatMap((submission) => submission.lessons.map((l) => l.id))),
  ].sort();
  const lines = [['student', ...lessonIds, 'total', 'max']];
  for (const submission of submissions) {
    const graded = submission.lessons.filter((lesson) => !lesson.needsRegrading);
    const byLesson = new Map(graded.map((lesson) => [lesson.id, lesson]));
    const total = graded.reduce((sum, lesson) => sum + lesson.score, 0);
    const max = graded.reduce((sum, lesson) => sum + lesson.maxScore, 0);
    lines.push([
      submission.id,
      ...lessonIds.map((id) => {
        const lesson = byLesson.get(id);
        return lesson ? points(lesson.score) : '';
      }),
      points(total),
      points(max),
    ]);
  }
  return lines.map((fields) => `${fields.map(csvField).join(',')}\r\n`).join('');
}
