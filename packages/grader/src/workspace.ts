/**
 * The scratch copy a lesson is graded in. Only the submission's `src/` is
 * taken; it is copied into a folder inside the course's own lesson, so the
 * lesson's canonical tests, vitest config and installed dependencies are the
 * ones that run, and the student's files resolve their imports (tinypool,
 * the course's helpers) exactly as the starter would.
 *
 * The files the lesson provides finished (`provided` in its metadata, such as
 * lesson 6's `src/sum-range-worker.ts`) are then copied in from the course's
 * lesson, over whatever the submission holds at that path: a student cannot
 * change them, and a submission that left them out still runs.
 *
 * @module
 */
import { createHash } from 'node:crypto';
import { cpSync, existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { filesBelow, type Lesson } from '@spellbook/catalog';
import type { Submission } from './inputs.ts';

/** The folder, inside each lesson, where graded copies live while they run (gitignored). */
export const SCRATCH_FOLDER = '.graded';

/** A prepared lesson of a submission. */
export interface PreparedLesson {
  /** The run's target (the folder whose `src/` is tested); undefined when the submission has no such lesson. */
  readonly target: string | undefined;
  /** The hidden tests' folder inside the scratch copy, when there are any. */
  readonly hiddenTests: string | undefined;
  /** Why the lesson could not be prepared although the submission has it (an unreadable file, say). */
  readonly problem?: string;
  readonly warnings: string[];
  /** Removes the scratch copy. */
  cleanup(): void;
}

/**
 * A file's SHA-256 with its CRLF line endings read as LF: a copy that went
 * through a Windows checkout (git's `core.autocrlf`) is the same file.
 */
function contentHash(file: string): string {
  return createHash('sha256')
    .update(readFileSync(file).toString('latin1').replaceAll('\r\n', '\n'), 'latin1')
    .digest('hex');
}

/** Test files of the submission's lesson that differ from the course's own (line endings aside). */
export function changedTestFiles(submissionLessonDir: string, lesson: Lesson): string[] {
  const theirs = filesBelow(path.join(submissionLessonDir, 'test'));
  return theirs.filter((file) => {
    const canonical = path.join(lesson.dir, 'test', file);
    return (
      !existsSync(canonical) ||
      contentHash(canonical) !== contentHash(path.join(submissionLessonDir, 'test', file))
    );
  });
}

/** Copies `from` to `to`, leaving out symbolic links, which could point anywhere on the machine. */
function copyWithoutLinks(from: string, to: string): string[] {
  const skipped: string[] = [];
  cpSync(from, to, {
    recursive: true,
    filter: (source) => {
      if (lstatSync(source).isSymbolicLink()) {
        skipped.push(path.relative(from, source));
        return false;
      }
      return true;
    },
  });
  return skipped;
}

/** Makes the scratch copy of `lesson` for `submission` in run `runId`. */
export function prepareLesson(
  lesson: Lesson,
  submission: Submission,
  runId: string,
  extraTestsDir: string | undefined,
): PreparedLesson {
  const scratch = path.join(lesson.dir, SCRATCH_FOLDER, runId, submission.id.replace(/[^\w.-]/g, '_'));
  const cleanup = (): void => rmSync(scratch, { recursive: true, force: true });
  const source = submission.lessonsDir ? path.join(submission.lessonsDir, lesson.id) : undefined;
  if (!source || !existsSync(path.join(source, 'src'))) {
    return { target: undefined, hiddenTests: undefined, warnings: [], cleanup };
  }

  const warnings: string[] = [];
  mkdirSync(scratch, { recursive: true });
  try {
    for (const link of copyWithoutLinks(path.join(source, 'src'), path.join(scratch, 'src'))) {
      warnings.push(`src/${link} is a symbolic link and was left out`);
    }
  } catch (error) {
    // One unreadable file costs this lesson, not the class.
    cleanup();
    const problem = `could not read the submission's ${lesson.id}/src: ${(error as Error).message}`;
    return { target: undefined, hiddenTests: undefined, warnings: [problem], problem, cleanup };
  }
  for (const file of lesson.meta.provided) {
    const course = path.join(lesson.dir, file);
    const theirs = path.join(scratch, file);
    if (existsSync(theirs) && (!lstatSync(theirs).isFile() || contentHash(theirs) !== contentHash(course))) {
      warnings.push(`${file} is provided by the course; the course's copy was used, not the submission's`);
    }
    rmSync(theirs, { recursive: true, force: true });
    mkdirSync(path.dirname(theirs), { recursive: true });
    cpSync(course, theirs);
  }
  try {
    for (const file of changedTestFiles(source, lesson)) {
      warnings.push(
        `test/${file} differs from the course's copy and was ignored (the course's tests were run)`,
      );
    }
  } catch (error) {
    warnings.push(`could not compare the submission's test files: ${(error as Error).message}`);
  }

  let hiddenTests: string | undefined;
  const hiddenSource = extraTestsDir ? path.join(extraTestsDir, lesson.id) : undefined;
  if (hiddenSource && existsSync(hiddenSource)) {
    hiddenTests = path.join(scratch, 'hidden');
    mkdirSync(hiddenTests);
    for (const file of readdirSync(hiddenSource).filter((name) => name.endsWith('.test.ts'))) {
      cpSync(path.join(hiddenSource, file), path.join(hiddenTests, file));
    }
  }
  return { target: scratch, hiddenTests, warnings, cleanup };
}

/** Removes this run's scratch folder from a lesson, and the lesson's scratch root when nothing else is in it. */
export function removeRunFolder(lesson: Lesson, runId: string): void {
  const root = path.join(lesson.dir, SCRATCH_FOLDER);
  rmSync(path.join(root, runId), { recursive: true, force: true });
  if (existsSync(root) && readdirSync(root).length === 0) rmSync(root, { recursive: true, force: true });
}
