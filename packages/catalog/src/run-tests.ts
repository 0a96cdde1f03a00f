/**
 * Running one lesson's tests in a process of its own. The run gets its own
 * process group so that everything it starts (vitest's forks, worker threads,
 * anything the code under test spawns) can be stopped together, and the
 * results are read from a stream the run writes as it goes (see
 * stream-reporter.ts), so a run that has to be killed keeps what it finished.
 *
 * @module
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { StreamLine } from './stream-reporter.ts';

/** One test's result. */
export interface TestOutcome {
  /** The test file, relative to the lesson folder. */
  readonly file: string;
  /** The full name, as vitest writes it: describe blocks and title joined with ` > `. */
  readonly name: string;
  readonly status: 'passed' | 'failed' | 'skipped';
  /** The first failure message, when it failed. */
  readonly message?: string;
  readonly durationMs?: number;
  /** Set when a timing test skipped itself because the machine was too busy to measure; says why. */
  readonly inconclusive?: string;
}

/** How a lesson's test run ended. */
export interface LessonRun {
  /** `completed` when the run reached its end; otherwise why it did not. */
  readonly ending: 'completed' | 'timeout' | 'crashed';
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly tests: TestOutcome[];
  /** Test files that failed as a whole (did not load, crashed), with the reason. */
  readonly fileErrors: Array<{ file: string; message: string }>;
  /** The last lines the run wrote to stderr, for diagnosis. */
  readonly stderrTail: string;
  readonly wallMs: number;
  /** The id of the process group the run had (its first process's pid). */
  readonly processGroup: number | undefined;
}

/** Options for {@link runLessonTests}. */
export interface RunOptions {
  /** Value of `COURSE_TARGET` for the run (`solution`, `starter` or a folder); unset runs the lesson's own src/. */
  readonly target?: string;
  /** Stop the whole run after this long. */
  readonly timeoutMs: number;
  /** Extra environment for the run. */
  readonly env?: Readonly<Record<string, string>>;
  /** Extra vitest command-line arguments. */
  readonly vitestArgs?: readonly string[];
}

const reporterPath = fileURLToPath(new URL('./stream-reporter.ts', import.meta.url));
const setupPath = fileURLToPath(new URL('./stream-setup.ts', import.meta.url));

/** The vitest command-line script that the lesson in `lessonDir` resolves to. */
export function vitestEntry(lessonDir: string): string {
  const require = createRequire(path.join(lessonDir, 'package.json'));
  return path.join(path.dirname(require.resolve('vitest/package.json')), 'vitest.mjs');
}

/**
 * Turns the lines written by the stream reporter into results. `complete`
 * tells whether the run reached its end (the reporter's last line).
 */
export function readResultStream(
  text: string,
  lessonDir: string,
): Pick<LessonRun, 'tests' | 'fileErrors'> & { complete: boolean } {
  // Keyed by file and name: a reporter line replaces a provisional one for the same test.
  const tests = new Map<string, TestOutcome & { provisional: boolean }>();
  const fileErrors: LessonRun['fileErrors'] = [];
  let complete = false;
  for (const raw of text.split('\n')) {
    if (raw.trim() === '') continue;
    let line: StreamLine;
    try {
      line = JSON.parse(raw) as StreamLine;
    } catch {
      continue; // a line cut short when the run was killed mid-write
    }
    if (line.kind === 'end') complete = true;
    else if (line.kind === 'file-error') {
      fileErrors.push({ file: path.relative(lessonDir, line.file) || line.file, message: line.message });
    } else {
      const key = `${line.file}\u0000${line.path.join(' > ')}`;
      if (line.provisional && tests.get(key)?.provisional === false) continue;
      tests.set(key, {
        provisional: line.provisional === true,
        file: path.relative(lessonDir, line.file),
        name: line.path.join(' > '),
        status: line.status,
        ...(line.message ? { message: line.message } : {}),
        ...(line.durationMs !== undefined ? { durationMs: line.durationMs } : {}),
        ...(line.inconclusive ? { inconclusive: line.inconclusive } : {}),
      });
    }
  }
  return {
    tests: [...tests.values()].map(({ provisional: _provisional, ...test }) => test),
    fileErrors,
    complete,
  };
}

/** True when some test of the run could not give a verdict because the machine was busy. */
export function hasInconclusive(run: LessonRun): boolean {
  return run.tests.some((test) => test.inconclusive !== undefined);
}

/**
 * {@link runLessonTests}, run again (up to `attempts` times in all) while a
 * timing test reports the machine too busy to measure. Gives the last run.
 */
export async function runLessonTestsPatiently(
  lessonDir: string,
  options: RunOptions,
  attempts = 3,
): Promise<LessonRun & { attempts: number }> {
  let run = await runLessonTests(lessonDir, options);
  let made = 1;
  while (hasInconclusive(run) && made < attempts) {
    run = await runLessonTests(lessonDir, options);
    made += 1;
  }
  return { ...run, attempts: made };
}

/**
 * Runs the tests of the lesson in `lessonDir` in a separate process group and
 * resolves with what they reported. It never rejects because tests failed or
 * the run had to be stopped: those are results, told apart by `ending`.
 */
export async function runLessonTests(lessonDir: string, options: RunOptions): Promise<LessonRun> {
  const scratch = mkdtempSync(path.join(tmpdir(), 'spellbook-run-'));
  const resultsPath = path.join(scratch, 'results.jsonl');
  const started = performance.now();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...options.env,
    FORCE_COLOR: '0',
    SPELLBOOK_RESULTS_FILE: resultsPath,
    SPELLBOOK_SETUP_FILES: setupPath,
  };
  if (options.target === undefined) delete env['COURSE_TARGET'];
  else env['COURSE_TARGET'] = options.target;

  const child = spawn(
    process.execPath,
    [
      vitestEntry(lessonDir),
      'run',
      '--configLoader',
      'runner',
      `--reporter=${reporterPath}`,
      ...(options.vitestArgs ?? []),
    ],
    { cwd: lessonDir, env, detached: true, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-8000);
  });

  const killGroup = (): void => {
    // A negative pid names the whole process group started for this run.
    if (child.pid === undefined) return;
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // The group is already gone.
    }
  };

  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    killGroup();
  }, options.timeoutMs);

  const { exitCode, signal } = await new Promise<{ exitCode: number | null; signal: NodeJS.Signals | null }>(
    (resolve) => {
      child.on('error', (error) => {
        stderr += `\n${error.message}`;
        resolve({ exitCode: null, signal: null });
      });
      child.on('close', (code, sig) => resolve({ exitCode: code, signal: sig }));
    },
  );
  clearTimeout(timer);
  // Anything the tests left running (a stray worker, a child process) goes too.
  killGroup();

  let text = '';
  try {
    text = readFileSync(resultsPath, 'utf8');
  } catch {
    // Nothing was written: the run stopped before its first result.
  }
  const parsed = readResultStream(text, lessonDir);
  rmSync(scratch, { recursive: true, force: true });

  return {
    ending: timedOut ? 'timeout' : parsed.complete ? 'completed' : 'crashed',
    exitCode,
    signal,
    tests: parsed.tests,
    fileErrors: parsed.fileErrors,
    stderrTail: stderr.split('\n').slice(-40).join('\n'),
    wallMs: performance.now() - started,
    processGroup: child.pid,
  };
}
