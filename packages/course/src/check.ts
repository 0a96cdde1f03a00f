/**
 * Checking a lesson: running its tests against the student's own `src/` and
 * turning the run into a verdict. A lesson is done when every test passes.
 *
 * @module
 */
import { stripVTControlCharacters } from 'node:util';
import {
  describeEnding,
  runLessonTests,
  type Lesson,
  type LessonRun,
  type MeasuredTest,
} from '@spellbook/catalog';
import { recordMeasurements } from './notebook.ts';
import { updateProgress } from './progress.ts';

/** What a run of a lesson's tests means for the student. */
export type Verdict =
  | {
      readonly kind: 'passed';
      readonly passed: number;
      /** Tests the lesson skips on purpose (say, a speed test on a one-core machine). */
      readonly skipped: number;
      /** The tests that measured something, with what they measured, in the order they ran. */
      readonly measured?: readonly MeasuredTest[];
    }
  | {
      /**
       * Everything else passed, but timing tests found the machine too busy to
       * measure. Not a failure, and not a pass either: the same code may pass
       * on a quiet machine.
       */
      readonly kind: 'unconfirmed';
      readonly passed: number;
      readonly inconclusive: ReadonlyArray<{ readonly name: string; readonly reason: string }>;
      /** As for a pass. */
      readonly measured?: readonly MeasuredTest[];
    }
  | {
      readonly kind: 'failed';
      /** How many tests did not pass, and how many there were (0 of 0 when the run never got to them). */
      readonly failing: number;
      readonly total: number;
      /** The first thing to fix: a test's name and message, or why the run itself failed. */
      readonly first: { readonly name: string; readonly message: string };
    };

const clean = (text: string): string => stripVTControlCharacters(text).trimEnd();

/** `message`, then the last lines the run wrote to stderr, which usually say what went wrong. */
function withTail(message: string, stderrTail: string): string {
  return [message, ...clean(stderrTail).split('\n').filter(Boolean).slice(-8)].join('\n');
}

/** Reads a finished run of `lesson`'s tests as a verdict. */
export function classifyRun(run: LessonRun, lesson: Lesson): Verdict {
  const failed = run.tests.filter((test) => test.status === 'failed');
  const passed = run.tests.filter((test) => test.status === 'passed').length;
  const total = run.tests.length;
  const failedRun = (name: string, message: string): Verdict => ({
    kind: 'failed',
    // A run stopped part-way has tests that never reported: they count as not passing.
    failing: failed.length > 0 ? failed.length : total - passed,
    total,
    first: { name, message },
  });
  const ending = describeEnding(run);
  if (ending.kind === 'cancelled') {
    return failedRun('the whole run', 'stopped before it finished: a newer run took its place');
  }
  if (ending.kind === 'timeout') {
    return failedRun(
      'the whole run',
      `stopped after ${lesson.meta.timeoutSeconds} s: something never finished. ` +
        'Look for a loop that never ends or a promise that never settles.',
    );
  }
  if (ending.kind === 'limit') return failedRun('the whole run', `stopped: ${ending.reason}`);
  if (ending.kind === 'file-error') return failedRun(`${ending.file} could not run`, clean(ending.message));
  const [firstFailed] = failed;
  if (firstFailed) return failedRun(firstFailed.name, clean(firstFailed.message ?? '(no message)'));
  if (ending.kind === 'crashed') {
    return failedRun(
      'the whole run',
      withTail(
        `the test run ended early (exit code ${ending.exitCode ?? ending.signal ?? '?'})`,
        ending.stderrTail,
      ),
    );
  }
  if (passed === 0) return failedRun('the whole run', withTail('no test ran', run.stderrTail));
  const inconclusive = run.tests.flatMap((test) =>
    test.inconclusive !== undefined ? [{ name: test.name, reason: test.inconclusive }] : [],
  );
  const measuring = run.tests.flatMap((test): MeasuredTest[] =>
    test.measurements && test.measurements.length > 0
      ? [{ name: test.name, status: test.status, measurements: test.measurements }]
      : [],
  );
  const measured = measuring.length > 0 ? { measured: measuring } : {};
  if (inconclusive.length > 0) return { kind: 'unconfirmed', passed, inconclusive, ...measured };
  return { kind: 'passed', passed, skipped: total - passed, ...measured };
}

/**
 * Runs `lesson`'s tests against the student's `src/` and gives the verdict.
 * `signal` stops the run (the companion's watch mode, when a newer run
 * replaces it); the verdict of a stopped run says so and counts for nothing.
 */
export async function checkLesson(lesson: Lesson, signal?: AbortSignal): Promise<Verdict> {
  const run = await runLessonTests(lesson.dir, {
    timeoutMs: lesson.meta.timeoutSeconds * 1000,
    ...(signal ? { signal } : {}),
  });
  return classifyRun(run, lesson);
}

/**
 * Remembers what a check found: a pass marks the lesson done; a failure
 * unmarks it (done means the code passes now, not that it once did); an
 * unconfirmed run changes nothing. What the tests of a pass or an
 * unconfirmed run measured goes into the notebook (notebook.ts).
 */
export function recordVerdict(courseRoot: string, lesson: Lesson, verdict: Verdict): void {
  if (verdict.kind !== 'failed' && verdict.measured) recordMeasurements(courseRoot, lesson, verdict.measured);
  if (verdict.kind === 'unconfirmed') return;
  updateProgress(courseRoot, (progress) => {
    if (verdict.kind === 'passed') {
      progress.passed[lesson.id] = progress.passed[lesson.id] ?? { at: new Date().toISOString() };
    } else {
      delete progress.passed[lesson.id];
    }
  });
}
