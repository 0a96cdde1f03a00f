/**
 * The reports the grader writes to files, each declared once: the option
 * that asks for it, the commands it can come from, and how its text is made.
 * `grade`, `grade merge` and `grade export` build their report options from
 * this list and loop over it to check and write what was asked for, so a new
 * format is one entry here, and no command can offer a report it never writes.
 *
 * The terminal's progress lines and table (terminal.ts) are not here: they
 * are always printed, never asked for.
 *
 * @module
 */
import { UsageError } from '@spellbook/catalog';
import type { ClassRun } from '../class-run.ts';
import type { SubmissionReport } from '../model.ts';
import { checkOutputs, writeOutput } from '../outputs.ts';
import { classroomReport } from './classroom.ts';
import { csvReport } from './csv.ts';
import { exercismReport } from './exercism.ts';
import { gradescopeReport } from './gradescope.ts';
import { jsonReport } from './json.ts';
import { junitReport } from './junit.ts';
import { markdownReport } from './markdown.ts';
import { prairielearnReport } from './prairielearn.ts';

/**
 * What a report is made from, one scope per command: `run` is the results of
 * a grading run (`grade`: one submission, or a class with `--submissions`),
 * `merged` a class joined from the reports of its shards (`grade merge`),
 * `gradebook` a class read from a gradebook (`grade export`).
 */
export type ReportScope = 'run' | 'merged' | 'gradebook';

/** The results a report is made from. */
export interface ReportInput {
  readonly submissions: readonly SubmissionReport[];
  /** True for a class (always, when merged or from a gradebook); false for one submission. */
  readonly asClass: boolean;
  /** For a class graded or merged here: where it came from (class-run.ts). */
  readonly run?: ClassRun;
  /**
   * The grading machine's limits and what it could not judge, in words
   * (machine.ts): one line for a run, one per shard once merged. Every
   * report that has room for words says it once.
   */
  readonly machine?: string;
  /** For a run: add Gradescope's speed leaderboard (`--leaderboard`). */
  readonly leaderboard?: boolean;
  /** For a run: each graded lesson's exercise exports, in the chapter's order (its tasks). */
  readonly lessonExports?: Readonly<Record<string, readonly string[]>>;
}

/** One report format. */
export interface ReportFormat {
  /** Its option without the dashes: `json` is `--json FILE`. */
  readonly flag: string;
  /**
   * The scopes it can be made in, each with its option's help text there. A
   * command offers the option only when its scope is one of these.
   */
  readonly scope: Readonly<Partial<Record<ReportScope, string>>>;
  /** True when the file holds one submission's results, so that asking for it for a class is a usage error. */
  readonly oneSubmission?: boolean;
  /** True when the file holds one lesson's results, so that asking for it with more lessons is a usage error. */
  readonly oneLesson?: boolean;
  /** The text of the file. */
  readonly render: (input: ReportInput) => string;
}

/** Every report format, in the order a command lists, checks and writes them. */
export const REPORT_FORMATS = [
  {
    flag: 'json',
    scope: {
      run: 'Write the JSON report to FILE',
      merged: 'Write the merged class JSON report to FILE',
      gradebook: 'Write the class JSON report, every test included (the shape of grade --json)',
    },
    render: ({ submissions, asClass, run, machine }) => jsonReport(submissions, asClass, run, machine),
  },
  {
    flag: 'junit',
    scope: { run: 'Write a JUnit XML report to FILE' },
    render: ({ submissions, machine }) => junitReport(submissions, machine),
  },
  {
    flag: 'gradescope',
    scope: { run: "Write Gradescope's results.json to FILE (one submission)" },
    oneSubmission: true,
    render: ({ submissions: [only], machine, leaderboard }) => {
      // `grade` writes no one-submission report when nothing was graded.
      if (!only) throw new Error("Gradescope's results.json needs the graded submission");
      return gradescopeReport(only, {
        ...(machine !== undefined ? { machine } : {}),
        ...(leaderboard ? { leaderboard } : {}),
      });
    },
  },
  {
    flag: 'prairielearn',
    scope: { run: "Write PrairieLearn's results.json to FILE (one submission)" },
    oneSubmission: true,
    render: ({ submissions: [only], machine }) => {
      if (!only) throw new Error("PrairieLearn's results.json needs the graded submission");
      return prairielearnReport(only, machine);
    },
  },
  {
    flag: 'exercism',
    scope: {
      run: "Write Exercism's test-runner results.json (version 3) to FILE (one submission, one lesson)",
    },
    oneSubmission: true,
    oneLesson: true,
    render: ({ submissions: [only], lessonExports }) => {
      const lesson = only?.lessons[0];
      if (!lesson) throw new Error("Exercism's results.json needs the graded lesson");
      return exercismReport(lesson, lessonExports?.[lesson.id] ?? []);
    },
  },
  {
    flag: 'classroom',
    scope: {
      run: "Write GitHub Classroom's grading result (base64, whole points, for autograding-grading-reporter) to FILE (one submission)",
    },
    oneSubmission: true,
    render: ({ submissions: [only] }) => {
      if (!only) throw new Error("GitHub Classroom's result needs the graded submission");
      return classroomReport(only);
    },
  },
  {
    flag: 'markdown',
    scope: {
      run: 'Write a Markdown summary to FILE (fits a GitHub step summary)',
      merged: 'Write the merged class as a Markdown summary to FILE (fits a GitHub step summary)',
    },
    render: ({ submissions, asClass, machine }) => markdownReport(submissions, asClass, machine),
  },
  {
    flag: 'csv',
    scope: {
      merged: 'Write the merged grades as CSV, one row per student (the format of grade export)',
      gradebook: 'Write a row per student: a column per lesson, total and max (RFC 4180, for an LMS import)',
    },
    render: ({ submissions }) => csvReport(submissions),
  },
] as const satisfies readonly ReportFormat[];

/** The formats that can be made in scope `S`. */
type FormatIn<S extends ReportScope> = Extract<
  (typeof REPORT_FORMATS)[number],
  { readonly scope: { readonly [K in S]: string } }
>;

/** The citty options for the reports of scope `S`, e.g. `{ json: { type: 'string', … }, … }`. */
export type ReportArgs<S extends ReportScope> = {
  readonly [F in FormatIn<S> as F['flag']]: {
    readonly type: 'string';
    readonly valueHint: 'FILE';
    readonly description: string;
  };
};

/** A report asked for on the command line: its format and the file to write it to. */
export interface ReportRequest {
  readonly format: ReportFormat;
  readonly file: string;
}

/** The formats that can be made in `scope`, in the order of REPORT_FORMATS. */
export function formatsIn(scope: ReportScope): ReportFormat[] {
  return REPORT_FORMATS.filter((format: ReportFormat) => format.scope[scope] !== undefined);
}

/** The options of a command of `scope` that ask for its reports, one `--flag FILE` each. */
export function reportArgs<S extends ReportScope>(scope: S): ReportArgs<S> {
  return Object.fromEntries(
    formatsIn(scope).map((format) => [
      format.flag,
      { type: 'string', valueHint: 'FILE', description: format.scope[scope] },
    ]),
  ) as ReportArgs<S>;
}

/** The reports of `scope` that the parsed options `given` ask for, an empty file name included. */
export function requestedReports(
  scope: ReportScope,
  given: Readonly<Record<string, unknown>>,
): ReportRequest[] {
  return formatsIn(scope).flatMap((format) => {
    const file = given[format.flag];
    return typeof file === 'string' ? [{ format, file }] : [];
  });
}

/**
 * The reports asked of a command that exists only to write them (`grade
 * merge`, `grade export`), checked before any work is done: a usage error
 * when none is asked for (`nothing to write: give --json FILE and/or --csv
 * FILE`) or when a file cannot be written.
 */
export function requiredReports(
  scope: ReportScope,
  given: Readonly<Record<string, unknown>>,
): ReportRequest[] {
  const requested = requestedReports(scope, given);
  if (requested.length === 0) {
    const options = formatsIn(scope).map((format) => `--${format.flag} FILE`);
    throw new UsageError(`nothing to write: give ${options.join(' and/or ')}`);
  }
  checkReportFiles(requested);
  return requested;
}

/** Refuses, as a usage error before any work is done, a report file that cannot be written. */
export function checkReportFiles(requests: readonly ReportRequest[]): void {
  checkOutputs(Object.fromEntries(requests.map(({ format, file }) => [`--${format.flag}`, file])));
}

/** Writes each requested report of `input` to its file. */
export function writeReportFiles(requests: readonly ReportRequest[], input: ReportInput): void {
  for (const { format, file } of requests) writeOutput(file, () => format.render(input));
}
