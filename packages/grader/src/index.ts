/**
 * The grader: scores every lesson for one student or a whole class. Its
 * command line is `pnpm grade` (see cli.ts); these are its parts, for tools
 * that want to grade without the command line.
 *
 * @module grader
 */
export { grade, type GradeOptions } from './grade.ts';
export { Gradebook } from './gradebook/gradebook.ts';
export { fingerprint, setupHashes, type SubmissionFingerprint } from './gradebook/fingerprint.ts';
export { listExpectedTests, type ExpectedTest } from './expected.ts';
export { chooseLessons, findLessonsDir, resolveSubmissions, type Submission } from './inputs.ts';
export { totals, type LessonReport, type SubmissionReport, type TestReport } from './model.ts';
export { csvField, csvReport, type CsvSubmission } from './reports/csv.ts';
export { gradescopeReport } from './reports/gradescope.ts';
export { jsonReport } from './reports/json.ts';
export { junitReport, xmlEscape } from './reports/junit.ts';
export { markdownReport } from './reports/markdown.ts';
export { readClassReport } from './reports/read-class.ts';
export { scoreLesson } from './score.ts';
export { parseShard, pickShard, resolveShard, type Shard } from './shard.ts';
export { changedTestFiles, prepareLesson, SCRATCH_FOLDER } from './workspace.ts';
