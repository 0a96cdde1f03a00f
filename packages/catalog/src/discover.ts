/**
 * Finding the course and its lessons. A lesson is a folder
 * `lessons/NN-slug/`; the folder name is the order, so adding a lesson is
 * adding a folder and there is no list to keep in sync.
 *
 * @module
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseLessonMeta, type LessonMeta } from './schema.ts';

/** The shape of a lesson folder's name: two digits, a dash, a kebab-case slug. */
export const LESSON_FOLDER = /^(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)$/;

/** A lesson of the course, found on disk. */
export interface Lesson {
  /** The folder name, e.g. `05-the-copying-spell`; also the lesson's id everywhere. */
  readonly id: string;
  /** The number from the folder name. */
  readonly number: number;
  /** The number as the folder name writes it, e.g. `05`: how tables and messages name the lesson in short. */
  readonly code: string;
  /** The folder of the lesson (starter, tests, chapter). */
  readonly dir: string;
  /** The folder of its reference solution. */
  readonly solutionDir: string;
  /** Its validated metadata. */
  readonly meta: LessonMeta;
}

/** A lesson folder whose metadata could not be read. */
export class LessonMetaError extends Error {
  readonly lessonDir: string;
  readonly problems: readonly string[];

  constructor(lessonDir: string, problems: readonly string[]) {
    super(`${path.basename(lessonDir)}: invalid lesson metadata:\n  - ${problems.join('\n  - ')}`);
    this.name = 'LessonMetaError';
    this.lessonDir = lessonDir;
    this.problems = problems;
  }
}

/** Walks up from `from` to the folder holding `pnpm-workspace.yaml` and `lessons/`. */
export function findCourseRoot(from: string = process.cwd()): string {
  let dir = path.resolve(from);
  for (;;) {
    if (existsSync(path.join(dir, 'pnpm-workspace.yaml')) && existsSync(path.join(dir, 'lessons'))) {
      return dir;
    }
    const parent = path.dirname(dir);
    if (parent === dir) {
      throw new Error(`No course found at or above ${from} (looked for pnpm-workspace.yaml and lessons/)`);
    }
    dir = parent;
  }
}

/** Reads and validates one lesson folder. */
export function readLesson(lessonDir: string): Lesson {
  const dir = path.resolve(lessonDir);
  const id = path.basename(dir);
  const match = LESSON_FOLDER.exec(id);
  if (!match) {
    throw new LessonMetaError(dir, [`the folder name must look like 01-the-long-road, got "${id}"`]);
  }
  const manifestPath = path.join(dir, 'package.json');
  if (!existsSync(manifestPath)) throw new LessonMetaError(dir, ['package.json is missing']);
  let manifest: unknown;
  try {
    manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  } catch (error) {
    throw new LessonMetaError(dir, [`package.json is not valid JSON (${(error as Error).message})`]);
  }
  const parsed = parseLessonMeta((manifest as { course?: unknown } | null)?.course);
  if (!parsed.ok) throw new LessonMetaError(dir, parsed.problems);
  const code = match[1] ?? '';
  const number = Number(code);
  if (parsed.meta.chapter !== number) {
    throw new LessonMetaError(dir, [
      `course.chapter is ${parsed.meta.chapter} but the folder says ${number}`,
    ]);
  }
  const courseRoot = path.resolve(dir, '../..');
  return { id, number, code, dir, solutionDir: path.join(courseRoot, 'solutions', id), meta: parsed.meta };
}

/** Every lesson of the course at `courseRoot`, in order. */
export function listLessons(courseRoot: string): Lesson[] {
  const lessonsDir = path.join(courseRoot, 'lessons');
  return readdirSync(lessonsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && LESSON_FOLDER.test(entry.name))
    .map((entry) => entry.name)
    .sort()
    .map((name) => readLesson(path.join(lessonsDir, name)));
}

/**
 * The lesson that `wanted` names: its number (`3` or `03`) or its folder
 * name (`03-a-trusted-band`); undefined when no lesson of `lessons` is that.
 * Each tool words its own answer to a name that fits none.
 */
export function findLesson(lessons: readonly Lesson[], wanted: string): Lesson | undefined {
  const key = wanted.trim();
  return /^\d+$/.test(key)
    ? lessons.find((lesson) => lesson.number === Number(key))
    : lessons.find((lesson) => lesson.id === key);
}
