/**
 * Grading: every lesson of every submission, each in its own process group
 * with a time limit and a memory cap. Lessons whose metadata marks them
 * timing-sensitive run alone, after the others, one at a time, and are run
 * again when a timing test reports the machine too busy to measure.
 *
 * @module
 */
import path from 'node:path';
import { runLessonTests, runLessonTestsPatiently, type Lesson, type RunOptions } from '@spellbook/catalog';
import { effectiveCores } from '@spellbook/test-kit/cores';
import { listExpectedTests, type ExpectedTest } from './expected.ts';
import type { Submission } from './inputs.ts';
import { totals, type InconclusivePolicy, type LessonReport, type SubmissionReport } from './model.ts';
import { scoreLesson } from './score.ts';
import { prepareLesson, removeRunFolder } from './workspace.ts';

/** What {@link grade} needs. */
export interface GradeOptions {
  readonly lessons: readonly Lesson[];
  readonly submissions: readonly Submission[];
  /** How many non-timing lessons may run at once. */
  readonly jobs: number;
  /** Overrides every lesson's own time limit, in seconds. */
  readonly timeoutSeconds?: number;
  /** A folder of hidden tests, `NN-slug/*.test.ts`. */
  readonly extraTestsDir?: string;
  /** What a timing test with no verdict does to the points (default `defer`). */
  readonly inconclusive?: InconclusivePolicy;
  /** The heap limit of each lesson's processes, in MiB. */
  readonly memoryMb?: number;
  /** The resident memory of all of a lesson's processes together, in MiB, above which the lesson is stopped. */
  readonly groupMemoryMb?: number;
  /** The threads of all of a lesson's processes together above which the lesson is stopped. */
  readonly threadLimit?: number;
  /**
   * Told about each submission as soon as its last lesson is graded, before
   * the next lesson starts on that lane: the gradebook records it here, so a
   * grader killed mid-class keeps every submission it finished.
   */
  readonly onSubmission?: (report: SubmissionReport) => void | Promise<void>;
  /** Told about each lesson as soon as it is graded. */
  readonly onLesson?: (event: {
    submission: string;
    report: LessonReport;
    done: number;
    total: number;
    wallMs: number;
  }) => void;
}

/** The heap cap of each of a lesson's processes, in MiB, where no container limit lowers it. */
export const DEFAULT_HEAP_MB = 2048;

/**
 * How much resident memory a lesson's processes may hold together, in MiB,
 * where no container limit lowers it (machine.ts shares a limit out):
 * 3 GiB, or more on a machine with many cores, where lesson 6 starts up to
 * 4 × cores workers of ~15 MiB each.
 */
export function defaultGroupMemoryMb(cores = effectiveCores().cores): number {
  return Math.max(3072, 2048 + 64 * cores);
}

/**
 * vitest and its test process use a few dozen threads; the lessons start at
 * most 4 × cores workers. Far beyond that is a worker bomb.
 */
export function defaultThreadLimit(cores = effectiveCores().cores): number {
  return Math.max(128, 64 + 8 * cores);
}

interface Job {
  readonly submission: Submission;
  readonly lesson: Lesson;
}

/** Runs `worker` over `items` with at most `limit` at once, in order of start. */
async function inPool<T>(
  items: readonly T[],
  limit: number,
  worker: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await worker(item);
    }
  });
  await Promise.all(lanes);
}

/** Grades every chosen lesson of every submission. Never throws for a submission's failures: they are results. */
export async function grade(options: GradeOptions): Promise<SubmissionReport[]> {
  const runId = `${Date.now().toString(36)}-${process.pid}`;
  const expected = new Map<string, ExpectedTest[]>();
  // Listing runs no test, so it never measures: `jobs` lessons are listed at once.
  await inPool(options.lessons, options.jobs, async (lesson) => {
    expected.set(lesson.id, await listExpectedTests(lesson, options.extraTestsDir, runId));
  });

  const jobs: Job[] = options.submissions.flatMap((submission) =>
    options.lessons.map((lesson) => ({ submission, lesson })),
  );
  const results = new Map<string, LessonReport>();
  const lessonsLeft = new Map(
    options.submissions.map((submission) => [submission.id, options.lessons.length]),
  );
  let done = 0;

  const reportOf = (submission: Submission): SubmissionReport => {
    const lessons = options.lessons.map(
      (lesson) => results.get(`${submission.id}\u0000${lesson.id}`) as LessonReport,
    );
    return { id: submission.id, ...totals(lessons), lessons };
  };

  const gradeJob = async ({ submission, lesson }: Job): Promise<void> => {
    const started = performance.now();
    const timeoutSeconds = options.timeoutSeconds ?? lesson.meta.timeoutSeconds;
    const prepared = prepareLesson(lesson, submission, runId, options.extraTestsDir);
    let report: LessonReport;
    try {
      if (!prepared.target) {
        report = scoreLesson(
          lesson,
          expected.get(lesson.id) ?? [],
          undefined,
          timeoutSeconds,
          [...(submission.problem ? [submission.problem] : []), ...prepared.warnings],
          { notRun: prepared.problem, policy: options.inconclusive },
        );
      } else {
        const runOptions: RunOptions = {
          target: prepared.target,
          ...(prepared.hiddenTests ? { hiddenTests: prepared.hiddenTests } : {}),
          // TypeScript workers compiled for Node 20 are written inside the scratch copy, the only place the code may write.
          workerCache: path.join(prepared.target, '.ts-workers'),
          timeoutMs: timeoutSeconds * 1000,
          heapMb: options.memoryMb ?? DEFAULT_HEAP_MB,
          sandbox: { writable: [prepared.target] },
          limits: {
            memoryMb: options.groupMemoryMb ?? defaultGroupMemoryMb(),
            threads: options.threadLimit ?? defaultThreadLimit(),
          },
        };
        const run = lesson.meta.timingSensitive
          ? await runLessonTestsPatiently(lesson.dir, runOptions)
          : await runLessonTests(lesson.dir, runOptions);
        const warnings = [...prepared.warnings];
        if (run.provisional > 0) {
          // Written by the process the student's code ran in: worth a look if the scores surprise.
          warnings.push(
            `${run.provisional} result(s) come from the test process's own record, written before it ${run.ending === 'completed' ? 'crashed' : 'was stopped'}`,
          );
        }
        report = scoreLesson(lesson, expected.get(lesson.id) ?? [], run, timeoutSeconds, warnings, {
          policy: options.inconclusive,
        });
      }
    } finally {
      prepared.cleanup();
    }
    results.set(`${submission.id}\u0000${lesson.id}`, report);
    done += 1;
    options.onLesson?.({
      submission: submission.id,
      report,
      done,
      total: jobs.length,
      wallMs: performance.now() - started,
    });
    const left = (lessonsLeft.get(submission.id) ?? 1) - 1;
    lessonsLeft.set(submission.id, left);
    if (left === 0) await options.onSubmission?.(reportOf(submission));
  };

  // Lessons that measure speed never share the machine with another lesson.
  await inPool(
    jobs.filter((job) => !job.lesson.meta.timingSensitive),
    options.jobs,
    gradeJob,
  );
  await inPool(
    jobs.filter((job) => job.lesson.meta.timingSensitive),
    1,
    gradeJob,
  );
  for (const lesson of options.lessons) removeRunFolder(lesson, runId);

  return options.submissions.map(reportOf);
}
