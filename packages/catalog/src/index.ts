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
export { runCommandLine, UsageError, type VariadicArgDef } from './command-line.ts';
export {
  findCourseRoot,
  findLesson,
  LESSON_FOLDER,
  LessonMetaError,
  listLessons,
  readLesson,
  type Lesson,
} from './discover.ts';
export {
  applyRunSettings,
  readRunSettings,
  RUN_VARIABLES,
  runEnvironment,
  type RunSettings,
} from './run-contract.mjs';
export {
  describeEnding,
  fullTestName,
  hasInconclusive,
  isHiddenTest,
  listLessonTests,
  readResultStream,
  runLessonTests,
  runLessonTestsPatiently,
  testKey,
  type LessonRun,
  type ListedTest,
  type ListOptions,
  type RunEnding,
  type RunLimits,
  type RunOptions,
  type TestOutcome,
} from './run-tests.ts';
export {
  chapterRange,
  COURSE_PARTS,
  partHeading,
  partName,
  partsList,
  partsOf,
  type CoursePart,
  type PartId,
} from './parts.ts';
export {
  isRecord,
  measurementPanel,
  readMeasurements,
  referenceMachine,
  type Figure,
  type MeasuredTest,
  type Measurement,
} from './measurements.ts';
export { isInside, pathKey, providedRedirects, pointAtProvidedFiles } from './provided.mjs';
export {
  BENCH_RESULTS,
  CHAPTER_RESULTS,
  NODE_LINE_RESULTS,
  readBenchResults,
  renderBenchFigures,
  type BenchMachine,
  type BenchResults,
  type ChapterResults,
  type ChapterTable,
  type NodeLineResults,
} from './bench-figures.ts';
export { markdownTable } from './markdown-table.ts';
export { courseReadmeBlocks, renderCourseReadme, syncReadmes } from './readme.ts';
export { permissionFlag, sandboxExecArgv, type SandboxOptions } from './sandbox/index.ts';
export { lessonMetaSchema, parseLessonMeta, type LessonMeta } from './schema.ts';
export { checkLessonStructure, filesBelow } from './structure.ts';
export {
  isInconclusive,
  namePatternFor,
  selfCheckSandbox,
  verifyLesson,
  wrongSolutions,
  otherWays,
  type Finding,
  type WrongSolution,
  type OtherWay,
} from './verify.ts';
export { groupUsage, watchProcessGroup, type GroupLimits } from './watchdog.ts';
