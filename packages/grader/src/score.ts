/**
 * From a lesson's run to its points. Points come from the lesson's metadata:
 * `testPoints` fixes some tests' worth, and the rest of `points` is shared
 * equally by the other tests. A test that gave no verdict on this machine
 * (one core, a CPU quota, a machine too busy to measure) is scored by the
 * run's {@link InconclusivePolicy}: the lesson waits for regrading (`defer`),
 * its share goes to the others (`redistribute`), or it scores 0 (`zero`).
 * A test that never reported scores 0, with the reason.
 *
 * @module
 */
import { describeEnding, isHiddenTest, testKey, type Lesson, type LessonRun } from '@spellbook/catalog';
import type { ExpectedTest } from './expected.ts';
import { round, totals, type InconclusivePolicy, type LessonReport, type TestReport } from './model.ts';

function firstLines(text: string, count = 8): string {
  return text.trim().split('\n').slice(0, count).join('\n');
}

/** Why a test has no result, from how the run ended, in the instructor's terms. */
function missingReason(run: LessonRun, timeoutSeconds: number): string {
  const ending = describeEnding(run);
  switch (ending.kind) {
    case 'timeout':
      return `no result: the lesson was stopped at its time limit of ${timeoutSeconds} s`;
    case 'limit':
      return `no result: the lesson was stopped: ${ending.reason}`;
    case 'file-error':
      return `no result: ${ending.file} did not run: ${firstLines(ending.message, 3)}`;
    case 'crashed': {
      const how = ending.signal ? `signal ${ending.signal}` : `exit code ${ending.exitCode}`;
      const said = firstLines(ending.stderrTail, 3);
      return `no result: the test process ended before this test reported (${how})${said ? `: ${said}` : ''}`;
    }
    case 'cancelled':
      return 'no result: the grading of this lesson was cancelled';
    case 'completed':
      return 'no result: this test did not run';
  }
}

/** Scores one lesson of one submission. `run` is undefined when the submission has no such lesson. */
export function scoreLesson(
  lesson: Lesson,
  expected: readonly ExpectedTest[],
  run: LessonRun | undefined,
  timeoutSeconds: number,
  warnings: readonly string[] = [],
  options: {
    /** Why there is no run, when `run` is undefined and the reason is not simply a missing folder. */
    readonly notRun?: string | undefined;
    /** What a test with no verdict does to the points (default `defer`). */
    readonly policy?: InconclusivePolicy | undefined;
  } = {},
): LessonReport {
  const { notRun, policy = 'defer' } = options;
  type Draft = {
    name: string;
    status: TestReport['status'];
    message?: string;
    hidden: boolean;
    noResult?: boolean;
    /** Skipped with "inconclusive": no verdict on this machine. */
    noVerdict?: boolean;
    durationMs?: number;
    measurements?: TestReport['measurements'];
  };
  const drafts = new Map<string, Draft>();
  for (const test of expected) {
    drafts.set(test.key, {
      name: test.name,
      status: 'failed',
      message: run
        ? missingReason(run, timeoutSeconds)
        : (notRun ?? `the submission has no ${lesson.id}/src folder`),
      hidden: test.hidden,
      noResult: true,
    });
  }
  for (const test of run?.tests ?? []) {
    drafts.set(testKey(test), {
      name: test.name,
      status: test.status,
      hidden: isHiddenTest(test),
      ...(test.status === 'failed' && test.message ? { message: test.message } : {}),
      ...(test.status === 'skipped' ? { message: test.inconclusive ?? 'skipped' } : {}),
      ...(test.status === 'skipped' && test.inconclusive !== undefined ? { noVerdict: true } : {}),
      ...(test.durationMs !== undefined ? { durationMs: Math.round(test.durationMs) } : {}),
      ...(test.measurements ? { measurements: test.measurements } : {}),
    });
  }

  // A test with no verdict keeps its share unless the policy hands it on.
  const counts = (draft: Draft): boolean =>
    draft.status !== 'skipped' || (draft.noVerdict === true && policy !== 'redistribute');
  const counted = [...drafts.values()].filter(counts);
  const fixed = lesson.meta.testPoints ?? {};
  const fixedTotal = counted.reduce((sum, draft) => sum + (fixed[draft.name] ?? 0), 0);
  const sharers = counted.filter((draft) => fixed[draft.name] === undefined).length;
  const share = sharers > 0 ? Math.max(0, lesson.meta.points - fixedTotal) / sharers : 0;

  // Shares are rounded to 4 places; the last sharer takes the rounding's
  // remainder, so a lesson's tests always add up to exactly its points.
  const sharing = counted.filter((draft) => fixed[draft.name] === undefined);
  const lastSharer = sharing.at(-1);
  const remainder = round(Math.max(0, lesson.meta.points - fixedTotal) - round(share) * sharing.length);
  // Under `defer`, one test with no verdict holds back the whole lesson's points.
  const deferred = policy === 'defer' && [...drafts.values()].some((draft) => draft.noVerdict === true);
  const tests: TestReport[] = [...drafts.values()].map((draft) => {
    const base = counts(draft) ? round(fixed[draft.name] ?? share) : 0;
    const maxScore = draft === lastSharer ? round(base + remainder) : base;
    return {
      name: draft.name,
      status: draft.status,
      score: draft.status === 'passed' && !deferred ? maxScore : 0,
      maxScore,
      ...(draft.message ? { message: draft.message } : {}),
      ...(draft.hidden ? { hidden: true } : {}),
      ...(draft.noResult ? { noResult: true } : {}),
      ...(draft.durationMs !== undefined ? { durationMs: draft.durationMs } : {}),
      ...(draft.measurements ? { measurements: draft.measurements } : {}),
    };
  });

  const status: LessonReport['status'] = !run
    ? 'error'
    : run.ending === 'timeout'
      ? 'timeout'
      : run.ending === 'crashed' ||
          run.ending === 'limit' ||
          run.ending === 'cancelled' ||
          run.fileErrors.length > 0
        ? 'error'
        : tests.every((test) => test.status !== 'failed')
          ? 'passed'
          : 'failed';
  const inconclusive = (run?.tests ?? []).flatMap((test) =>
    test.status === 'skipped' && test.inconclusive !== undefined
      ? [{ name: test.name, reason: test.inconclusive.replace(/^inconclusive:\s*/, '') }]
      : [],
  );
  const allWarnings = [...warnings];
  if (inconclusive.length > 0) {
    const listed = inconclusive
      .map(({ name, reason }) => `${name} — ${firstLines(reason, 1).replace(/\.$/, '')}`)
      .join('; ');
    const outcome = {
      defer:
        'so this lesson needs regrading: it earns no points until it is graded on a machine that can judge it',
      redistribute: "and were not counted (their points went to the lesson's other tests)",
      zero: 'and scored 0 (the inconclusive policy is zero)',
    }[policy];
    allWarnings.push(
      `${inconclusive.length} timing test(s) gave no verdict on this machine, ${outcome}: ${listed}. ` +
        'Grade again on a machine with 2 or more free cores to measure them.',
    );
  }
  return {
    id: lesson.id,
    ...totals(tests),
    status,
    tests,
    ...(run && run.ending !== 'cancelled' ? { durationMs: Math.round(run.wallMs) } : {}),
    ...(allWarnings.length > 0 ? { warnings: allWarnings } : {}),
    ...(inconclusive.length > 0 ? { inconclusive, inconclusivePolicy: policy } : {}),
    ...(deferred ? { needsRegrading: true as const } : {}),
  };
}
