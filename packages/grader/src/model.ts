/**
 * The grader's results, in the shape of its JSON report. Every other report
 * (JUnit, Gradescope, Markdown, the terminal table) is made from these.
 *
 * @module
 */
import type { Measurement } from '@spellbook/catalog';

/**
 * What a timing test that gave no verdict on the grading machine (a CPU
 * quota, one CPU, a busy machine) does to its lesson's points:
 * - `defer` (the default): the lesson earns nothing yet and is reported as
 *   needing regrading on a machine that can judge it; a gradebook grades it
 *   again on its next run even when the submission has not changed.
 * - `redistribute`: the test is worth nothing and its share goes to the
 *   lesson's other tests, so the lesson can earn full marks without it.
 * - `zero`: the test keeps its share and scores 0, as if it had failed.
 */
export type InconclusivePolicy = 'defer' | 'redistribute' | 'zero';

/** The policies, in the order the help lists them. */
export const INCONCLUSIVE_POLICIES: readonly InconclusivePolicy[] = ['defer', 'redistribute', 'zero'];

/** What a test with no verdict came to under each policy, in a few words for a report. */
export const NO_VERDICT_WORDS: Readonly<Record<InconclusivePolicy, string>> = {
  defer: 'the lesson needs regrading',
  redistribute: "not counted, its points went to the lesson's other tests",
  zero: 'scored 0',
};

/** A lesson's state for a report: its status, or "needs regrading" when the `defer` policy holds its points back. */
export function lessonState(lesson: Pick<LessonReport, 'status' | 'needsRegrading'>): string {
  return lesson.needsRegrading ? 'needs regrading' : lesson.status;
}

/** One test's result and points. */
export interface TestReport {
  readonly name: string;
  readonly status: 'passed' | 'failed' | 'skipped';
  readonly score: number;
  readonly maxScore: number;
  readonly message?: string;
  /** True for an instructor's hidden test (from `--extra-tests`). */
  readonly hidden?: boolean;
  /**
   * True when the test gave no result of its own (the lesson timed out,
   * crashed, did not load or is missing): scored as failed, and reported as
   * an error, not a failure, where a format tells the two apart (JUnit).
   */
  readonly noResult?: boolean;
  /** How long the test took, in ms, when it ran. */
  readonly durationMs?: number;
  /**
   * What a timing test measured on the grading machine: a sentence and its
   * figures (the catalog's measurements.ts). Shown, never scored.
   */
  readonly measurements?: readonly Measurement[];
}

/** One lesson's result. */
export interface LessonReport {
  /** The lesson's folder name, e.g. `05-the-copying-spell`. */
  readonly id: string;
  readonly score: number;
  readonly maxScore: number;
  /** `timeout`: stopped at its time limit; `error`: missing, crashed or did not load. */
  readonly status: 'passed' | 'failed' | 'error' | 'timeout';
  readonly tests: TestReport[];
  /** How long the lesson's run took on the grading machine, in ms (absent when it did not run). */
  readonly durationMs?: number;
  /** Things the instructor should know, such as test files the submission changed (which were ignored). */
  readonly warnings?: string[];
  /**
   * Timing tests that gave no verdict on this machine (a CPU quota, one
   * CPU, a busy machine), with the reason each gave; what they did to the
   * points is `inconclusivePolicy`'s. Worth grading again on a machine with
   * more free cores.
   */
  readonly inconclusive?: Array<{ readonly name: string; readonly reason: string }>;
  /** What the inconclusive tests did to the points (present with `inconclusive`). */
  readonly inconclusivePolicy?: InconclusivePolicy;
  /**
   * True when, under the `defer` policy, a test gave no verdict: the lesson
   * scores 0 of its points until it is graded again on a machine that can
   * judge it (its tests still show what they saw).
   */
  readonly needsRegrading?: true;
}

/** One submission's result. */
export interface SubmissionReport {
  readonly id: string;
  readonly score: number;
  readonly maxScore: number;
  readonly lessons: LessonReport[];
}

/** Adds up a list of things with scores. */
export function totals(items: ReadonlyArray<{ score: number; maxScore: number }>): {
  score: number;
  maxScore: number;
} {
  return {
    score: round(items.reduce((sum, item) => sum + item.score, 0)),
    maxScore: round(items.reduce((sum, item) => sum + item.maxScore, 0)),
  };
}

/** Points are kept to 4 decimal places, so that shares of a lesson add up to its points. */
export function round(points: number): number {
  return Math.round(points * 10_000) / 10_000;
}
