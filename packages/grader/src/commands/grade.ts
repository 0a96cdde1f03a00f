/**
 * `pnpm grade [options]`: score the lessons of one submission or a class.
 * With `--db` the grades go into a gradebook as each submission finishes,
 * and submissions already recorded from the same files are not graded again.
 *
 * @module
 */
import { defineCommand } from 'citty';
import { findCourseRoot, listLessons, UsageError } from '@spellbook/catalog';
import { classRun } from '../class-run.ts';
import { DEFAULT_HEAP_MB, defaultGroupMemoryMb, defaultThreadLimit, grade } from '../grade.ts';
import { startSession, type GradebookSession } from '../gradebook/session.ts';
import {
  chooseLessons,
  resolveExtraTests,
  resolveSubmissions,
  wholeNumberFlag,
  type Submission,
} from '../inputs.ts';
import { lessonBudget, machineLine, readMachine } from '../machine.ts';
import { INCONCLUSIVE_POLICIES, type InconclusivePolicy, type SubmissionReport } from '../model.ts';
import { checkReportFiles, reportArgs, requestedReports, writeReportFiles } from '../reports/registry.ts';
import { progressLine, summaryTable } from '../reports/terminal.ts';
import { pickShard, resolveShard } from '../shard.ts';

/** The options of `grade`. */
export const gradeArgs = {
  solutions: {
    type: 'boolean',
    description: 'Grade the reference solutions (the course self-check; must score full marks)',
  },
  submission: {
    type: 'string',
    valueHint: 'DIR',
    description: "Grade one submission: a student's copy of the course, or its lessons/ folder",
  },
  submissions: {
    type: 'string',
    valueHint: 'DIR',
    description: 'Grade a class: every folder inside DIR is one submission, named by its student id',
  },
  lessons: {
    type: 'string',
    valueHint: '01,05',
    description: 'Grade only these lessons (numbers or folder names)',
  },
  jobs: {
    type: 'string',
    valueHint: 'N',
    description:
      "Lessons graded at once (default 2; fewer when a container's memory limit fits fewer); timing-sensitive lessons always run alone",
  },
  timeout: {
    type: 'string',
    valueHint: 'S',
    description: "Time limit per lesson in seconds, instead of each lesson's own",
  },
  'extra-tests': {
    type: 'string',
    valueHint: 'DIR',
    description: "Hidden tests, DIR/NN-slug/*.test.ts, run beside the course's own",
  },
  inconclusive: {
    type: 'string',
    valueHint: 'POLICY',
    description:
      "What a timing test that gives no verdict on this machine does to its lesson: defer (default: the lesson earns nothing until graded again where it can be judged), redistribute (its points go to the lesson's other tests) or zero",
  },
  // A --FORMAT FILE option per report of a grading run (reports/registry.ts).
  ...reportArgs('run'),
  db: {
    type: 'string',
    valueHint: 'FILE',
    description:
      'Record the grades in the gradebook FILE (SQLite; created if absent); skip unchanged submissions',
  },
  leaderboard: {
    type: 'boolean',
    description:
      "With --gradescope: add a leaderboard of each speed test's speed-up against the test kit's own, measured in the same run",
  },
  force: {
    type: 'boolean',
    description: 'With --db: grade every submission again, even those unchanged since recorded',
  },
  shard: {
    type: 'string',
    valueHint: 'I/N',
    description:
      "Grade only slice I of N of the class (round-robin over sorted ids), or auto: a CI matrix's or a Kubernetes Indexed Job's index; join with grade merge",
  },
} as const;

/** The `--inconclusive` policy, checked. */
function inconclusivePolicy(given: string | undefined): InconclusivePolicy {
  if (given === undefined) return 'defer';
  const policy = INCONCLUSIVE_POLICIES.find((name) => name === given);
  if (!policy) {
    throw new UsageError(`--inconclusive must be one of ${INCONCLUSIVE_POLICIES.join(', ')}, not "${given}"`);
  }
  return policy;
}

const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`;

/** `grade`: the default command. */
export const gradeCommand = defineCommand({
  meta: {
    name: 'grade',
    description:
      'Score the lessons of The Concurrency Spellbook for one student or a whole class. Other commands: grade export (the gradebook as CSV or JSON), grade merge (join sharded reports), grade package gradescope (an autograder zip); each has --help.',
  },
  args: gradeArgs,
  async run({ args: given }) {
    const courseRoot = findCourseRoot();
    const allLessons = listLessons(courseRoot);
    const lessons = chooseLessons(allLessons, given.lessons);
    const sliced = resolveShard(given.shard);
    const shard = sliced?.shard;
    const everyone = resolveSubmissions(courseRoot, given);
    const asClass = given.submissions !== undefined;
    const requested = requestedReports('run', given);
    const forOne = requested.find(({ format, file }) => format.oneSubmission && file);
    if (forOne && asClass) {
      throw new UsageError(
        `--${forOne.format.flag} writes one submission's results; use it with --submission`,
      );
    }
    const forOneLesson = requested.find(({ format, file }) => format.oneLesson && file);
    if (forOneLesson && lessons.length !== 1) {
      throw new UsageError(
        `--${forOneLesson.format.flag} writes one lesson's results; choose it with --lessons NN`,
      );
    }
    if (given.leaderboard && !requested.some(({ format, file }) => format.flag === 'gradescope' && file)) {
      throw new UsageError('--leaderboard adds to the Gradescope report; use it with --gradescope FILE');
    }
    if (shard && !asClass) throw new UsageError('--shard slices a class; use it with --submissions');
    if (given.force && given.db === undefined) {
      throw new UsageError('--force grades again what the gradebook has recorded; use it with --db');
    }
    const askedJobs = wholeNumberFlag(given.jobs, '--jobs', 1, 2);
    const timeoutSeconds =
      given.timeout === undefined ? undefined : wholeNumberFlag(given.timeout, '--timeout', 1, 0);
    const extraTestsDir = resolveExtraTests(given['extra-tests'], allLessons);
    const inconclusive = inconclusivePolicy(given.inconclusive);
    checkReportFiles(requested);
    const submissions = shard ? pickShard(everyone, shard) : everyone;
    // The machine, read once: its limits decide each lesson's share, and every report says what it can judge.
    const machine = readMachine();
    const budget = lessonBudget(machine, askedJobs, {
      groupMemoryMb: defaultGroupMemoryMb(machine.cores.cores),
      heapMb: DEFAULT_HEAP_MB,
      threadLimit: defaultThreadLimit(machine.cores.cores),
    });
    const machineText = machineLine(machine, budget);
    // What a class report says of where it came from, taken as grading starts.
    const run = asClass
      ? classRun(
          courseRoot,
          shard,
          everyone.map((submission) => submission.id),
          inconclusive,
          machineText,
        )
      : undefined;
    if (shard) {
      console.error(
        `shard ${shard.index}/${shard.count}${sliced?.from ? ` (from ${sliced.from})` : ''}: ${submissions.length} of ${plural(everyone.length, 'submission')}`,
      );
    }

    // Opened last: every other mistake in the command line is reported before the gradebook is created.
    const session: GradebookSession | undefined =
      given.db === undefined
        ? undefined
        : startSession({
            file: given.db,
            courseRoot,
            lessons,
            submissions,
            force: Boolean(given.force),
            extraTestsDir,
            timeoutSeconds,
            inconclusive,
            runOptions: {
              inconclusive,
              lessons: lessons.map((lesson) => lesson.id),
              ...(shard ? { shard: `${shard.index}/${shard.count}` } : {}),
              ...(timeoutSeconds !== undefined ? { timeoutSeconds } : {}),
              ...(extraTestsDir !== undefined ? { extraTests: extraTestsDir } : {}),
              force: Boolean(given.force),
            },
          });
    try {
      const toGrade = session?.toGrade ?? submissions;
      if (session && session.skipped > 0) {
        console.error(
          `skipped ${plural(session.skipped, 'unchanged submission')} (use --force to grade them again)`,
        );
      }
      const reports = toGrade.length === 0 ? [] : await gradeThese(toGrade);
      if (session) console.error(`recorded ${plural(session.recorded, 'submission')} in ${given.db}`);
      writeReports(reports);
    } finally {
      session?.close();
    }

    async function gradeThese(chosen: readonly Submission[]): Promise<SubmissionReport[]> {
      const started = performance.now();
      console.error(`machine: ${machineText}`);
      console.error(`grading ${chosen.length} submission(s) × ${lessons.length} lesson(s)…`);
      const reports = await grade({
        lessons,
        submissions: chosen,
        jobs: budget.jobs,
        memoryMb: budget.heapMb,
        groupMemoryMb: budget.groupMemoryMb,
        threadLimit: budget.threadLimit,
        ...(timeoutSeconds !== undefined ? { timeoutSeconds } : {}),
        ...(extraTestsDir !== undefined ? { extraTestsDir } : {}),
        inconclusive,
        onLesson: (event) => console.error(progressLine(event)),
        ...(session ? { onSubmission: (report: SubmissionReport) => session.record(report) } : {}),
      });
      console.log(summaryTable(reports));
      console.error(`graded in ${((performance.now() - started) / 1000).toFixed(1)} s`);
      return reports;
    }

    function writeReports(reports: SubmissionReport[]): void {
      // A class report lists what this run graded, possibly nothing; a
      // one-submission report of nothing would read as a score of 0.
      if (reports.length === 0 && !asClass) {
        const wanted = requested.map(({ file }) => file).filter(Boolean);
        if (wanted.length > 0) console.error(`nothing graded, so ${wanted.join(', ')} not written`);
        return;
      }
      writeReportFiles(requested, {
        submissions: reports,
        asClass,
        machine: machineText,
        leaderboard: Boolean(given.leaderboard),
        lessonExports: Object.fromEntries(lessons.map((lesson) => [lesson.id, lesson.meta.exercise.exports])),
        ...(run ? { run } : {}),
      });
    }
  },
});
