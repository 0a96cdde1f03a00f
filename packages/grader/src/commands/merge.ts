/**
 * `pnpm grade merge a.json b.json … --json class.json [--csv class.csv]`:
 * joins the class reports of a class graded in shards (`--shard I/N`) into
 * one. Every input is read and checked before anything is written: a shard
 * missing or given twice, shards of different course commits, graders or
 * classes (class-run.ts), a student in two inputs, inputs grading different
 * lessons, or a file that is not a class report stop the merge with a
 * one-line reason.
 *
 * @module
 */
import path from 'node:path';
import { defineCommand } from 'citty';
import { UsageError, type VariadicArgDef } from '@spellbook/catalog';
import { wholeClassRun, type ClassRun } from '../class-run.ts';
import type { SubmissionReport } from '../model.ts';
import { readClassReport, type ClassReport } from '../reports/read-class.ts';
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

/** The class that all `files` make together; a UsageError for anything that does not fit together. */
export interface MergedClass {
  /** Sorted by id. */
  readonly submissions: SubmissionReport[];
  /** Where the class came from; undefined when the inputs, of shape 1, do not say. */
  readonly run: ClassRun | undefined;
}

/**
 * The submissions of all `files`, sorted by id, and the run of the whole
 * class they make; a UsageError for anything that does not fit together.
 * Reports of shape 1 (an older grader's) say nothing of their shards, so
 * only their students and lessons can be checked.
 */
export function mergeReports(files: readonly string[]): MergedClass {
  if (files.length === 0) {
    throw new UsageError('no reports to merge: give the class JSON reports of the shards');
  }
  const twice = files.find(
    (file, i) => files.findIndex((other) => path.resolve(other) === path.resolve(file)) < i,
  );
  if (twice !== undefined) throw new UsageError(`${twice} is given twice`);
  const reports: Array<ClassReport & { file: string }> = files.map((file) => ({
    file,
    ...readClassReport(file),
  }));
  const withRun = reports.flatMap(({ file, run }) => (run ? [{ file, run }] : []));
  const without = reports.find((report) => report.run === undefined);
  if (withRun.length > 0 && without !== undefined) {
    throw new UsageError(
      `${without.file} does not say which shard it is (an older grader's report, or grade export's): merge reports of one grader`,
    );
  }
  const run = withRun.length > 0 ? wholeClassRun(withRun) : undefined;
  const seen = new Map<string, string>();
  let lessons: { ids: string; file: string } | undefined;
  const merged: SubmissionReport[] = [];
  for (const { file, submissions } of reports) {
    for (const submission of submissions) {
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
  return { submissions: merged.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)), run };
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
    const { submissions, run } = mergeReports(given._);
    const machine = run?.machines
      .map(
        ({ shard, limits }) =>
          `${shard ? `shard ${shard.index}/${shard.count}: ` : ''}${limits ?? 'its limits were not recorded'}`,
      )
      .join('\n');
    writeReportFiles(requested, {
      submissions,
      asClass: true,
      ...(run ? { run } : {}),
      ...(machine !== undefined ? { machine } : {}),
    });
    console.error(`merged ${submissions.length} submission(s) from ${given._.length} report(s)`);
    if (!run) {
      console.error(
        'the reports do not say which shards they are (written by an older grader), so nothing proved that none is missing',
      );
    }
  },
});
