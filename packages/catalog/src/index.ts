/**
 * The course catalog: how the tools (the self-check, the grader, the student
 * companion, the site) find the lessons, read their metadata and run their
 * tests. Each of those imports from here instead of keeping its own copy.
 *
 * @module
 */
export {
  applyConstraint,
  describeConstraint,
  PROVING_CONSTRAINTS,
  whyNotAvailable,
  type AppliedConstraint,
  type MachineConstraint,
} from './constrained.ts';
export {
  findCourseRoot,
  LESSON_FOLDER,
  LessonMetaError,
  listLessons,
  readLesson,
  type Lesson,
} from './discover.ts';
export {
  hasInconclusive,
  readResultStream,
  runLessonTests,
  runLessonTestsPatiently,
  vitestEntry,
  type LessonRun,
  type RunOptions,
  type TestOutcome,
} from './run-tests.ts';
export { permissionFlag, sandboxExecArgv, type SandboxOptions } from './sandbox/index.ts';
export { lessonMetaSchema, parseLessonMeta, type LessonMeta } from './schema.ts';
export { checkLessonStructure, filesBelow } from './structure.ts';
export { verifyLesson, type Finding } from './verify.ts';
export { groupUsage, watchProcessGroup, type GroupLimits } from './watchdog.ts';
