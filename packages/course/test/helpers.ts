/**
 * Shared by the companion's tests: copies of the fixture course to work on,
 * and running the companion's command line in them.
 *
 * @module
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { onTestFinished } from 'vitest';

/** The fixture course: three small lessons, their solutions, a pnpm-workspace.yaml marking its root. */
export const fixture = path.join(import.meta.dirname, 'fixtures', 'course');
/** The companion's command line. */
export const bin = path.join(import.meta.dirname, '..', 'bin', 'course.mjs');
/** Where the copies find vitest: the companion's own dependencies. */
const nodeModules = path.join(import.meta.dirname, '..', 'node_modules');

/** The fixture lessons' folder names. */
export const lessons = ['01-counting-stars', '02-quick-sums', '03-steady-hands'] as const;
/** The exercise file of each fixture lesson, relative to its src/. */
export const exercises: Record<(typeof lessons)[number], string> = {
  '01-counting-stars': 'stars.ts',
  '02-quick-sums': 'sum.ts',
  '03-steady-hands': 'steady.ts',
};

function git(cwd: string, args: string[]): void {
  execFileSync('git', ['-c', 'user.name=Fixture', '-c', 'user.email=fixture@example.invalid', ...args], {
    cwd,
    stdio: 'ignore',
  });
}

/**
 * A fresh copy of the fixture course in a temporary folder, removed when the
 * test ends. It is a git checkout with the starters committed, unless
 * `git: false`. Its node_modules links to the companion's, so that its
 * lessons find vitest.
 */
export function copyCourse(options: { git?: boolean } = {}): string {
  const root = mkdtempSync(path.join(tmpdir(), 'course-fixture-'));
  onTestFinished(() => rmSync(root, { recursive: true, force: true }));
  cpSync(fixture, root, {
    recursive: true,
    // Leftovers of anyone running the fixture in place are not part of it.
    filter: (source) => !/(^|[\\/])(node_modules|\.course)([\\/]|$)/.test(path.relative(fixture, source)),
  });
  symlinkSync(nodeModules, path.join(root, 'node_modules'), 'dir');
  if (options.git !== false) {
    git(root, ['init', '-q']);
    git(root, ['add', '-A']);
    git(root, ['-c', 'commit.gpgsign=false', 'commit', '-q', '-m', 'The starters']);
  }
  return root;
}

/** The path of a fixture lesson's exercise in a copy of the course. */
export function exerciseFile(root: string, lesson: (typeof lessons)[number]): string {
  return path.join(root, 'lessons', lesson, 'src', exercises[lesson]);
}

/** Puts the reference solution of `lesson` in the student's src/ of the copy at `root`. */
export function solve(root: string, lesson: (typeof lessons)[number]): void {
  cpSync(path.join(root, 'solutions', lesson, 'src'), path.join(root, 'lessons', lesson, 'src'), {
    recursive: true,
  });
}

/** The progress file of the copy at `root`, parsed; undefined when there is none. */
export function progressOf(root: string): Record<string, unknown> | undefined {
  const file = path.join(root, '.course', 'progress.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : undefined;
}

/**
 * The environment for the companion: the test's own, without what would
 * point it elsewhere (a course root) or make the lessons' vitest think it
 * runs inside this one, and without colors.
 */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of Object.keys(env)) {
    if (name.startsWith('VITEST') || name === 'SPELLBOOK_COURSE_ROOT' || name === 'TMUX') delete env[name];
  }
  delete env['FORCE_COLOR'];
  return { ...env, NO_COLOR: '1', ...extra };
}

/** What a finished run of the command line said. */
export interface CliResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `course …args` in `cwd` (stdin is an empty pipe: not a terminal) and waits for it. */
export function course(
  cwd: string,
  args: readonly string[],
  options: { env?: Record<string, string> } = {},
): CliResult {
  const result = spawnSync(process.execPath, [bin, ...args], {
    cwd,
    encoding: 'utf8',
    env: cleanEnv(options.env),
    input: '',
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A command line still running, with what it has printed so far. */
export interface RunningCli {
  readonly child: ChildProcess;
  /** Everything printed on stdout so far. */
  output(): string;
  /** Resolves when the output matches `pattern` after offset `from`; rejects after `timeoutMs` with the output. */
  waitFor(pattern: RegExp, options?: { from?: number; timeoutMs?: number }): Promise<void>;
  /** Resolves with the exit status. */
  readonly exited: Promise<number | null>;
}

/** Starts `course …args` in `cwd` with stdin a pipe the test can write keys into. */
export function startCourse(
  cwd: string,
  args: readonly string[],
  options: { env?: Record<string, string> } = {},
): RunningCli {
  const child = spawn(process.execPath, [bin, ...args], {
    cwd,
    env: cleanEnv(options.env),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  onTestFinished(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });
  return {
    child,
    output: () => stdout,
    async waitFor(pattern, { from = 0, timeoutMs = 20_000 } = {}) {
      const deadline = Date.now() + timeoutMs;
      while (!pattern.test(stdout.slice(from))) {
        if (Date.now() > deadline || child.exitCode !== null) {
          throw new Error(`waited for ${pattern} in vain; stdout:\n${stdout}\nstderr:\n${stderr}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    exited,
  };
}

/** Asserts the shape of a usage error: exit status 2, one line on stderr, no stack trace. */
export function usageErrorLine(result: CliResult): string {
  const lines = result.stderr.trimEnd().split('\n');
  if (result.status !== 2 || lines.length !== 1 || /\n\s+at /.test(result.stderr)) {
    throw new Error(`expected exit 2 and one line on stderr, got ${result.status}:\n${result.stderr}`);
  }
  return lines[0] ?? '';
}

/** Writes the progress file of the copy at `root`, as if earlier commands had. */
export function writeProgress(root: string, progress: object): void {
  mkdirSync(path.join(root, '.course'), { recursive: true });
  writeFileSync(path.join(root, '.course', 'progress.json'), JSON.stringify(progress));
}
