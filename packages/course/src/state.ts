/**
 * Where the student stands: which lessons are done, which one is current.
 * Derived from the progress file each time, never stored twice.
 *
 * @module
 */
import type { Lesson } from '@spellbook/catalog';
import type { Course } from './course.ts';
import type { Progress } from './progress.ts';

/** A lesson's state in the list. */
export type LessonState = 'done' | 'current' | 'not started';

/** True when the lesson's tests have passed against the student's code. */
export function isDone(progress: Progress, lesson: Lesson): boolean {
  return Object.hasOwn(progress.passed, lesson.id);
}

/**
 * The lesson to work on: the one the student chose, while it is not done;
 * else the first one not done after it; else the first one not done at all.
 * Undefined when every lesson is done.
 */
export function currentLesson(course: Course, progress: Progress): Lesson | undefined {
  const chosen = course.lessons.findIndex((lesson) => lesson.id === progress.current);
  const notDone = (lesson: Lesson): boolean => !isDone(progress, lesson);
  if (chosen !== -1) {
    const fromChosen = course.lessons.slice(chosen).find(notDone);
    if (fromChosen) return fromChosen;
  }
  return course.lessons.find(notDone);
}

/** Every lesson with its state, in order. */
export function lessonStates(
  course: Course,
  progress: Progress,
): Array<{ lesson: Lesson; state: LessonState }> {
  const current = currentLesson(course, progress);
  return course.lessons.map((lesson) => ({
    lesson,
    state: isDone(progress, lesson) ? 'done' : lesson.id === current?.id ? 'current' : 'not started',
  }));
}
