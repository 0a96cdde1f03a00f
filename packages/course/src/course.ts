/**
 * Which course the companion works on, and which lesson an argument names.
 *
 * @module
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import {
  findCourseRoot,
  findLesson,
  LessonMetaError,
  listLessons,
  UsageError,
  type Lesson,
} from '@spellbook/catalog';

/** The course the companion works on: its root folder and its lessons, in order. */
export interface Course {
  readonly root: string;
  readonly lessons: readonly Lesson[];
}

/** The environment variable that points the companion at a course folder (used by its own tests). */
export const COURSE_ROOT_ENV = 'SPELLBOOK_COURSE_ROOT';

/**
 * Opens the course at `rootOption` (the `--root` option), else at
 * `SPELLBOOK_COURSE_ROOT`, else the one around the current folder.
 *
 * @throws UsageError when there is no course there or a lesson's metadata is broken.
 */
export function openCourse(rootOption?: string): Course {
  const given = rootOption ?? process.env[COURSE_ROOT_ENV];
  let root: string;
  if (given !== undefined && given !== '') {
    root = path.resolve(given);
    if (!existsSync(path.join(root, 'lessons'))) {
      const source = rootOption === undefined ? COURSE_ROOT_ENV : '--root';
      throw new UsageError(`${source} ${given}: there is no lessons/ folder there`);
    }
  } else {
    try {
      root = findCourseRoot(process.cwd());
    } catch {
      throw new UsageError(
        `no course found at or above ${process.cwd()}; run this inside the course folder (or pass --root DIR)`,
      );
    }
  }
  let lessons: Lesson[];
  try {
    lessons = listLessons(root);
  } catch (error) {
    // The catalog lists every problem on its own line; the companion's rule is one line.
    if (error instanceof LessonMetaError) {
      throw new UsageError(
        `${path.basename(error.lessonDir)}: invalid lesson metadata: ${error.problems.join('; ')}`,
      );
    }
    throw error;
  }
  if (lessons.length === 0) throw new UsageError(`${root}: there are no lessons in lessons/`);
  return { root, lessons };
}

/**
 * The lesson that `id` names: its number (`3` or `03`) or its folder name
 * (`03-a-trusted-band`).
 *
 * @throws UsageError for anything else, listing what would have worked.
 */
export function requireLesson(course: Course, id: string): Lesson {
  const found = findLesson(course.lessons, id);
  if (found) return found;
  const first = course.lessons[0];
  const last = course.lessons.at(-1);
  const range = first && last ? `${first.code}–${last.code}` : 'none';
  throw new UsageError(
    `unknown lesson "${id}": give its number or folder name, e.g. ${first?.number ?? 1} or ${first?.id ?? '01-…'} (lessons ${range}; see \`pnpm course\`)`,
  );
}

/** The lesson after `lesson` in the course's order, if there is one. */
export function lessonAfter(course: Course, lesson: Lesson): Lesson | undefined {
  const index = course.lessons.findIndex((candidate) => candidate.id === lesson.id);
  return index === -1 ? undefined : course.lessons[index + 1];
}

/** `file` as the student would type it from where they are: relative to the current folder. */
export function shown(file: string): string {
  return path.relative(process.cwd(), file) || '.';
}
