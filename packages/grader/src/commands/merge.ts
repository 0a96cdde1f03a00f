/**
 * `pnpm grade merge a.json b.json … --json class.json [--csv class.csv]`:
 * joins the class reports of a class graded in shards (`--shard I/N`) into
 * one. Every input is read and checked before anything is written: a student
 * in two inputs, inputs grading different lessons, or a file that is not a
 * class report stop the merge with a one-line reason.
 *
 * @module
 */
import path from 'node:path';
import { defineCommand } from 'citty';
import { UsageError, type VariadicArgDef } from '@spellbook/catalog';
import type { SubmissionReport } from '../model.ts';
import { readClassReport } from '../reports/read-class.ts';
import { reportArgs, requiredReports, writeReportFiles } from '../reports/registry.ts';

const reportsArg: VariadicArgDef = {
  type: 'positional',
  variadic: true,
  required: false,
  valueHint: 'REPORT.json…',
  description: 'Class JSON reports, one per shard (grade --submissions DIR --shard I/N --json FILE)',
};

/** The arguments of `grade merge`. */
export const mergeArgs = {
  reports: reportsArg,
  // A --FORMAT FILE option per report of a merged class (reports/registry.ts).
  ...reportArgs('merged'),
} as const;

/** The submissions of all `files`, sorted by id; a UsageError for anything that does not fit together. */
export function mergeReports(files: readonly string[]): SubmissionReport[] {
  if (files.length === 0) {
    throw new UsageError('no reports to merge: give the class JSON reports of the shards');
  }
  const twice = files.find(
    (file, i) => files.findIndex((other) => path.resolve(other) === path.resolve(file)) < i,
  );
  if (twice !== undefined) throw new UsageError(`${twice} is given twice`);
  const seen = new Map<string, string>();
  let lessons: { ids: string; file: string } | undefined;
  const merged: SubmissionReport[] = [];
  for (const file of files) {
    for (const submission of readClassReport(file)) {
      const earlier = seen.get(submission.id);
      if (earlier !== undefined) {
        throw new UsageError(
          earlier === file
            ? `${file}: student ${submission.id} is in it twice`
            : `student ${submission.id} is in both ${earlier} and ${file}: were the shards cut from one --shard I/N?`,
        );
      }
      seen.set(submission.id, file);
      const ids = submission.lessons.map((lesson) => lesson.id).join(', ');
      lessons ??= { ids, file };
      if (ids !== lessons.ids) {
        throw new UsageError(
          `${file} grades lessons ${ids || '(none)'} for ${submission.id} but ${lessons.file} grades ${lessons.ids || '(none)'}: merge reports of the same lessons`,
        );
      }
      merged.push(submission);
    }
  }
  return merged.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** `grade merge`. */
export const mergeCommand = defineCommand({
  meta: {
    name: 'grade merge',
    description: 'Join the class JSON reports of a class graded in shards into one report (and CSV).',
  },
  args: mergeArgs,
  run({ args: given }) {
    const requested = requiredReports('merged', given);
    const merged = mergeReports(given._);
    writeReportFiles(requested, { submissions: merged, asClass: true });
    console.error(`merged ${merged.length} submission(s) from ${given._.length} report(s)`);
  },
});
