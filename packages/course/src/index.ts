/**
 * The student's companion (`pnpm course`) as a library: the pieces its
 * commands are made of, for tools that want the same view of a student's
 * progress.
 *
 * @module
 */
export { checkLesson, classifyRun, recordVerdict, type Verdict } from './check.ts';
export { COURSE_ROOT_ENV, openCourse, requireLesson, type Course } from './course.ts';
export { revealNextHint, type HintReveal } from './hints.ts';
export { progressPath, readProgress, updateProgress, type Progress } from './progress.ts';
export { currentLesson, isDone, lessonStates, type LessonState } from './state.ts';
export { compareWithStarter, readCommittedStarter, type StarterFiles } from './starter.ts';
export { watchLesson, type WatchOptions } from './watch.ts';
