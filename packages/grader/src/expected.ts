/**
 * Which tests a lesson has, known before any submission runs: a run that is
 * stopped halfway cannot say what it did not reach, so the grader lists the
 * lesson's tests (against the reference solution, with any hidden tests beside
 * them) and scores every listed test that never reported.
 *
 * @module
 */
import path from 'node:path';
import { isHiddenTest, listLessonTests, testKey, type Lesson } from '@spellbook/catalog';
import { prepareLesson, removeRunFolder } from './workspace.ts';

/** A test every submission of a lesson is expected to report. */
export interface ExpectedTest {
  /** Identifies the test across runs (the catalog's `testKey`: its file and full name). */
  readonly key: string;
  readonly name: string;
  readonly hidden: boolean;
}

/**
 * Lists the tests of `lesson` (and the hidden ones from `extraTestsDir`),
 * with the same settings as the real runs: the same scratch copy of the
 * hidden tests, and nothing inherited from the grader's own environment.
 */
export async function listExpectedTests(
  lesson: Lesson,
  extraTestsDir: string | undefined,
  runId: string,
  timeoutMs = 120_000,
): Promise<ExpectedTest[]> {
  const prepared = prepareLesson(
    lesson,
    { id: '_listing', lessonsDir: path.dirname(lesson.solutionDir) },
    runId,
    extraTestsDir,
  );
  try {
    const listed = await listLessonTests(lesson.dir, {
      target: prepared.target ?? 'solution',
      ...(prepared.hiddenTests ? { hiddenTests: prepared.hiddenTests } : {}),
      timeoutMs,
    });
    return listed.map((test) => ({ key: testKey(test), name: test.name, hidden: isHiddenTest(test) }));
  } finally {
    prepared.cleanup();
    removeRunFolder(lesson, runId);
  }
}
