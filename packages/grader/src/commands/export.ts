/**
 * `pnpm grade export --db FILE --csv FILE [--json FILE]`: the gradebook as
 * a spreadsheet for a learning management system, or as the class JSON
 * report. Reading never changes the gradebook.
 *
 * @module
 */
import { defineCommand } from 'citty';
import { Gradebook } from '../gradebook/gradebook.ts';
import { reportArgs, requiredReports, writeReportFiles } from '../reports/registry.ts';

/** The options of `grade export`. */
export const exportArgs = {
  db: {
    type: 'string',
    valueHint: 'FILE',
    required: true,
    description: 'The gradebook to read (written by grade --db FILE)',
  },
  // A --FORMAT FILE option per report of a gradebook (reports/registry.ts).
  ...reportArgs('gradebook'),
} as const;

/** `grade export`. */
export const exportCommand = defineCommand({
  meta: {
    name: 'grade export',
    description: 'Write the grades recorded in a gradebook as CSV (one row per student) or JSON.',
  },
  args: exportArgs,
  run({ args: given }) {
    const requested = requiredReports('gradebook', given);
    const book = Gradebook.open(given.db, 'read');
    let reports;
    try {
      reports = book.reports();
    } finally {
      book.close();
    }
    writeReportFiles(requested, { submissions: reports, asClass: true });
    const lessons = new Set(reports.flatMap((report) => report.lessons.map((lesson) => lesson.id)));
    console.error(`exported ${reports.length} submission(s) × ${lessons.size} lesson(s) from ${given.db}`);
  },
});
