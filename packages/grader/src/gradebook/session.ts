/**
 * One grading run's use of the gradebook: which submissions need grading
 * (the others are unchanged since they were recorded), and recording each
 * one as soon as it is graded.
 *
 * @module
 */
import type { Lesson } from '@spellbook/catalog';
import type { Submission } from '../inputs.ts';
import type { InconclusivePolicy, SubmissionReport } from '../model.ts';
import { GRADER_VERSION, runFacts } from '../facts.ts';
import { fingerprint, setupHashes, type SubmissionFingerprint } from './fingerprint.ts';
import { Gradebook } from './gradebook.ts';

/** What {@link startSession} needs. */
export interface SessionOptions {
  /** The `--db` path, as given. */
  readonly file: string;
  readonly courseRoot: string;
  readonly lessons: readonly Lesson[];
  readonly submissions: readonly Submission[];
  /** Grade every submission, unchanged or not. */
  readonly force: boolean;
  readonly extraTestsDir?: string | undefined;
  readonly timeoutSeconds?: number | undefined;
  /** The `--inconclusive` policy: part of what a lesson was graded with. */
  readonly inconclusive?: InconclusivePolicy | undefined;
  /** The run's options, recorded with it for later reference. */
  readonly runOptions: Record<string, unknown>;
}

/** An open gradebook for one grading run. */
export interface GradebookSession {
  /** The submissions to grade: all of them with `force`, else the changed ones. */
  readonly toGrade: readonly Submission[];
  /** How many were left out as unchanged. */
  readonly skipped: number;
  /** How many this run has recorded so far. */
  readonly recorded: number;
  /** Records one graded submission (one transaction). */
  record(report: SubmissionReport): void;
  close(): void;
}

/**
 * Hashes the submissions, opens (or creates) the gradebook, and works out what
 * needs grading. Throws a UsageError, before writing anything, when `file` is
 * not a gradebook.
 */
export function startSession(options: SessionOptions): GradebookSession {
  const setup = setupHashes(options.lessons, options);
  const prints = new Map<string, SubmissionFingerprint>(
    options.submissions.map((submission) => [submission.id, fingerprint(submission, options.lessons, setup)]),
  );
  const facts = runFacts(options.courseRoot);
  const book = Gradebook.open(options.file, 'write');

  const toGrade = options.force
    ? [...options.submissions]
    : options.submissions.filter(
        (submission) =>
          !book.isUnchanged(
            submission.id,
            prints.get(submission.id) as SubmissionFingerprint,
            GRADER_VERSION,
          ),
      );
  // The run is recorded with its first submission, so a run that grades nothing leaves no trace.
  let runId: number | undefined;
  let recorded = 0;
  return {
    toGrade,
    skipped: options.submissions.length - toGrade.length,
    get recorded() {
      return recorded;
    },
    record(report) {
      const print = prints.get(report.id);
      if (!print) throw new Error(`${report.id} was not among the submissions of this run`);
      runId ??= book.startRun(facts, options.runOptions);
      book.record(report, print, runId);
      recorded += 1;
    },
    close: () => book.close(),
  };
}
