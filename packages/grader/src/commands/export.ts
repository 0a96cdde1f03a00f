/**
 * `pnpm grade export --db FILE --csv FILE [--json FILE]`: the gradebook as
 * a spreadsheet for a learning management system, or as the class JSON
 * report. Reading never changes the gradebook.
 *
 * @module
 */
import { defineCommand } from 'citty';
import { Gradebook } from '../gradebook/gradebook.ts';
import { UsageError } from '../inputs.ts';
import { checkOutputs, writeOutput } from '../outputs.ts';
import { csvReport } from '../reports/csv.ts';
import { jsonReport } from '../reports/json.ts';

/** The options of `grade export`. */
export const exportArgs = {
  db: {
    type: 'string',
    valueHint: 'FILE',
    required: true,
    description: 'The gradebook to read (written by grade --db FILE)',
  },
  csv: {
    type: 'string',
    valueHint: 'FILE',
    description: 'Write a row per student: a column per lesson, total and max (RFC 4180, for an LMS import)',
  },
  json: {
    type: 'string',
    valueHint: 'FILE',
    description: 'Write the class JSON report, every test included (the shape of grade --json)',
  },
} as const;

/** `grade export`. */
export const exportCommand = defineCommand({
  meta: {
    name: 'grade export',
    description: 'Write the grades recorded in a gradebook as CSV (one row per student) or JSON.',
  },
  args: exportArgs,
  run({ args: given }) {
    if (given.csv === undefined && given.json === undefined) {
      throw new UsageError('nothing to write: give --csv FILE and/or --json FILE');
    }
    checkOutputs({ '--csv': given.csv, '--json': given.json });
    const book = Gradebook.open(given.db, 'read');
    let reports;
    try {
      reports = book.reports();
    } finally {
      book.close();
    }
    writeOutput(given.csv, () => csvReport(reports));
    writeOutput(given.json, () => jsonReport(reports, true));
    const lessons = new Set(reports.flatMap((report) => report.lessons.map((lesson) => lesson.id)));
    console.error(`exported ${reports.length} submission(s) × ${lessons.size} lesson(s) from ${given.db}`);
  },
});
