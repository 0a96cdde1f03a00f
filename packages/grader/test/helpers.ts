/**
 * Shared by the gradebook and merge tests: running the grader's command
 * line in the fixture course, and making a class out of fixture submissions.
 *
 * @module
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

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
