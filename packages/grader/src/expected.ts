/**
 * Which tests a lesson has, known before any submission runs: a run that is
 * stopped halfway cannot say what it did not reach, so the grader asks vitest
 * to list the lesson's tests (against the reference solution, with any hidden
 * tests beside them) and scores every listed test that never reported.
 *
 * @module
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { vitestEntry, type Lesson } from '@spellbook/catalog';
import { prepareLesson, removeRunFolder } from './workspace.ts';

/** A test every submission of a lesson is expected to report. */
export interface ExpectedTest {
  /** Identifies the test across runs: its file (see {@link testFileKey}) and full name. */
  readonly key: string;
  readonly name: string;
  readonly hidden: boolean;
}

/**
 * The stable part of a test file's path: `test/x.test.ts` for the lesson's
 * own tests, `hidden/x.test.ts` for an instructor's, wherever the scratch
 * copy holding them happens to be.
 */
export function testFileKey(fileFromLesson: string): { key: string; hidden: boolean } {
  const parts = fileFromLesson.split(/[\\/]/);
  const hiddenAt = parts.lastIndexOf('hidden');
  if (parts[0] !== 'test' && hiddenAt >= 0) return { key: parts.slice(hiddenAt).join('/'), hidden: true };
  return { key: parts.join('/'), hidden: false };
}

/** Lists the tests of `lesson` (and the hidden ones from `extraTestsDir`) by running `vitest list`. */
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
  const scratch = mkdtempSync(path.join(tmpdir(), 'spellbook-list-'));
  const listFile = path.join(scratch, 'list.json');
  try {
    const vitest = vitestEntry(lesson.dir);
    const env: NodeJS.ProcessEnv = { ...process.env, COURSE_TARGET: prepared.target ?? 'solution' };
    if (prepared.hiddenTests) env['COURSE_EXTRA_TESTS'] = prepared.hiddenTests;
    else delete env['COURSE_EXTRA_TESTS'];
    const code = await new Promise<number | null>((resolve) => {
      const child = spawn(
        process.execPath,
        [vitest, 'list', '--configLoader', 'runner', `--json=${listFile}`],
        {
          cwd: lesson.dir,
          env,
          stdio: 'ignore',
          timeout: timeoutMs,
        },
      );
      child.on('close', resolve);
      child.on('error', () => resolve(null));
    });
    let listed: Array<{ name: string; file: string }>;
    try {
      listed = JSON.parse(readFileSync(listFile, 'utf8')) as Array<{ name: string; file: string }>;
    } catch {
      throw new Error(`could not list the tests of ${lesson.id} (vitest list exited with ${code})`);
    }
    return listed.map(({ name, file }) => {
      const { key, hidden } = testFileKey(path.relative(lesson.dir, file));
      return { key: `${key}::${name}`, name, hidden };
    });
  } finally {
    prepared.cleanup();
    removeRunFolder(lesson, runId);
    rmSync(scratch, { recursive: true, force: true });
  }
}
