/**
 * What to grade, from the command line: this checkout, the reference
 * solutions, one submission, or a folder of them. Every mistake in the
 * input becomes a `UsageError` (the course's, from the catalog) with a one-line reason.
 *
 * @module
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { findLesson, LESSON_FOLDER, UsageError, type Lesson } from '@spellbook/catalog';

/** One student's work (or the course's own), as a folder of lesson folders. */
export interface Submission {
  /** The student id (folder name), or `checkout` / `solutions`. */
  readonly id: string;
  /** The folder holding `NN-slug/src/` folders; undefined when the submission is not a course at all. */
  readonly lessonsDir: string | undefined;
  /** Why the submission could not be read, when it could not. */
  readonly problem?: string;
}

function isDirectory(dir: string): boolean {
  return existsSync(dir) && statSync(dir).isDirectory();
}

/**
 * The folder of lesson folders inside `dir`: `dir/lessons` for a copy of the
 * course, or `dir` itself when it already holds `NN-slug` folders.
 */
export function findLessonsDir(dir: string): string | undefined {
  if (isDirectory(path.join(dir, 'lessons'))) return path.join(dir, 'lessons');
  const holdsLessons = readdirSync(dir, { withFileTypes: true }).some(
    (entry) => entry.isDirectory() && LESSON_FOLDER.test(entry.name),
  );
  return holdsLessons ? dir : undefined;
}

function requireDirectory(dir: string, flag: string): string {
  const resolved = path.resolve(dir);
  if (!existsSync(resolved)) throw new UsageError(`${flag} ${dir}: no such folder`);
  if (!statSync(resolved).isDirectory()) throw new UsageError(`${flag} ${dir}: not a folder`);
  return resolved;
}

/** The submissions named by the command line. */
export function resolveSubmissions(
  courseRoot: string,
  options: { solutions?: boolean; submission?: string; submissions?: string },
): Submission[] {
  const chosen = [
    options.solutions && '--solutions',
    options.submission && '--submission',
    options.submissions && '--submissions',
  ].filter(Boolean);
  if (chosen.length > 1) throw new UsageError(`choose one of ${chosen.join(', ')}`);
  if (options.solutions) return [{ id: 'solutions', lessonsDir: path.join(courseRoot, 'solutions') }];
  if (options.submission) {
    const dir = requireDirectory(options.submission, '--submission');
    const lessonsDir = findLessonsDir(dir);
    if (!lessonsDir) {
      throw new UsageError(
        `--submission ${options.submission}: not a course (no lessons/ folder and no NN-slug lesson folders)`,
      );
    }
    return [{ id: path.basename(dir), lessonsDir }];
  }
  if (options.submissions) {
    const dir = requireDirectory(options.submissions, '--submissions');
    const students = readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'))
      .map((entry) => entry.name)
      .sort();
    if (students.length === 0) {
      throw new UsageError(`--submissions ${options.submissions}: no submission folders inside`);
    }
    return students.map((id) => {
      const lessonsDir = findLessonsDir(path.join(dir, id));
      return lessonsDir
        ? { id, lessonsDir }
        : {
            id,
            lessonsDir: undefined,
            problem: 'not a course: no lessons/ folder and no NN-slug lesson folders',
          };
    });
  }
  return [{ id: 'checkout', lessonsDir: path.join(courseRoot, 'lessons') }];
}

/** The lessons chosen by `--lessons 01,05` (numbers or full ids); all when absent. */
export function chooseLessons(all: readonly Lesson[], wanted: string | undefined): Lesson[] {
  if (wanted === undefined || wanted.trim() === '') return [...all];
  const known = all.map((lesson) => lesson.code).join(', ');
  return wanted.split(',').map((raw) => {
    const key = raw.trim();
    const lesson = findLesson(all, key);
    if (!lesson) throw new UsageError(`--lessons: unknown lesson "${key}" (the course has ${known})`);
    return lesson;
  });
}

/** A whole number ≥ `min` from a flag, or a UsageError. */
export function wholeNumberFlag(
  value: string | undefined,
  flag: string,
  min: number,
  fallback: number,
): number {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number < min) {
    throw new UsageError(`${flag} must be a whole number ≥ ${min}, got "${value}"`);
  }
  return number;
}

/** The hidden-tests folder, checked against the lessons it names. */
export function resolveExtraTests(dir: string | undefined, all: readonly Lesson[]): string | undefined {
  if (dir === undefined) return undefined;
  const resolved = requireDirectory(dir, '--extra-tests');
  for (const entry of readdirSync(resolved, { withFileTypes: true })) {
    if (entry.isDirectory() && !all.some((lesson) => lesson.id === entry.name)) {
      throw new UsageError(`--extra-tests: ${entry.name} is not a lesson of this course`);
    }
  }
  return resolved;
}
