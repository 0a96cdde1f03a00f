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
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { applyConstraint, type MachineConstraint } from './constrained.ts';
import { sandboxExecArgv, type SandboxOptions } from './sandbox/index.ts';
import type { StreamLine } from './stream-reporter.ts';
import { watchProcessGroup } from './watchdog.ts';

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
  readonly ending: 'completed' | 'timeout' | 'crashed' | 'limit';
  /** With `ending: 'limit'`: which limit the run went over, in words. */
  readonly limitReason?: string;
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly tests: TestOutcome[];
  /** Test files that failed as a whole (did not load, crashed), with the reason. */
  readonly fileErrors: Array<{ file: string; message: string }>;
  /** How many of `tests` are known only from the test process's own lines (see {@link readResultStream}). */
  readonly provisional: number;
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
  /** Run the code under test in the sandbox (see sandbox/index.ts), writing only in these folders. */
  readonly sandbox?: SandboxOptions;
  /** Stop the run when its processes together hold more resident memory than this, in MiB. */
  readonly memoryLimitMb?: number;
  /** Stop the run when its processes together have more threads than this. */
  readonly threadLimit?: number;
  /** Run under a CPU quota or pinned to one CPU (see constrained.ts), as a smaller machine would. */
  readonly constraint?: MachineConstraint;
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
 *
 * `provisionalText` holds the lines the test process wrote itself (see
 * stream-setup.ts). They fill in only tests the reporter never reported (the
 * test process crashed or was stopped before its results left it), and
 * `provisional` counts them: the test process is where the code under test
 * runs, so the grader tells the instructor when a score rests on them.
 */
export function readResultStream(
  text: string,
  lessonDir: string,
  provisionalText = '',
): Pick<LessonRun, 'tests' | 'fileErrors' | 'provisional'> & { complete: boolean } {
  const tests = new Map<string, TestOutcome>();
  const fileErrors: LessonRun['fileErrors'] = [];
  let complete = false;
  const parse = (raw: string): StreamLine | undefined => {
    if (raw.trim() === '') return undefined;
    try {
      return JSON.parse(raw) as StreamLine;
    } catch {
      return undefined; // a line cut short when the run was killed mid-write
    }
  };
  const outcome = (line: Extract<StreamLine, { kind: 'test' }>): TestOutcome => ({
    file: path.relative(lessonDir, line.file),
    name: line.path.join(' > '),
    status: line.status,
    ...(line.message ? { message: line.message } : {}),
    ...(line.durationMs !== undefined ? { durationMs: line.durationMs } : {}),
    ...(line.inconclusive ? { inconclusive: line.inconclusive } : {}),
  });
  const keyOf = (line: Extract<StreamLine, { kind: 'test' }>) => `${line.file}\u0000${line.path.join(' > ')}`;
  for (const line of text.split('\n').map(parse)) {
    if (!line) continue;
    if (line.kind === 'end') complete = true;
    else if (line.kind === 'file-error') {
      const file = path.isAbsolute(line.file) ? path.relative(lessonDir, line.file) || line.file : line.file;
      fileErrors.push({ file, message: line.message });
    } else if (!line.provisional) tests.set(keyOf(line), outcome(line));
  }
  let provisional = 0;
  for (const line of provisionalText.split('\n').map(parse)) {
    if (line?.kind === 'test' && !tests.has(keyOf(line))) {
      tests.set(keyOf(line), outcome(line));
      provisional += 1;
    }
  }
  return { tests: [...tests.values()], fileErrors, complete, provisional };
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
  // The reporter (in vitest's own process) and the test process write to
  // separate folders: a sandboxed test process may write only the second.
  const resultsPath = path.join(scratch, 'results.jsonl');
  const provisionalDir = path.join(scratch, 'provisional');
  mkdirSync(provisionalDir);
  const provisionalPath = path.join(provisionalDir, 'results.jsonl');
  const started = performance.now();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...options.env,
    FORCE_COLOR: '0',
    SPELLBOOK_RESULTS_FILE: resultsPath,
    SPELLBOOK_PROVISIONAL_FILE: provisionalPath,
    SPELLBOOK_SETUP_FILES: setupPath,
  };
  if (options.sandbox) {
    const writable = [...options.sandbox.writable, provisionalDir];
    env['SPELLBOOK_FORK_EXEC_ARGV'] = JSON.stringify(sandboxExecArgv({ writable }));
  }
  if (options.target === undefined) delete env['COURSE_TARGET'];
  else env['COURSE_TARGET'] = options.target;

  const applied = options.constraint ? applyConstraint(options.constraint) : undefined;
  const [command = process.execPath, ...args] = [
    ...(applied?.prefix ?? []),
    process.execPath,
    vitestEntry(lessonDir),
    'run',
    '--configLoader',
    'runner',
    `--reporter=${reporterPath}`,
    ...(options.vitestArgs ?? []),
  ];
  const child = spawn(command, args, {
    cwd: lessonDir,
    env,
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
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
  let limitReason: string | undefined;
  const watchdog =
    child.pid !== undefined && (options.memoryLimitMb !== undefined || options.threadLimit !== undefined)
      ? watchProcessGroup(child.pid, {
          ...(options.memoryLimitMb !== undefined ? { memoryLimitMb: options.memoryLimitMb } : {}),
          ...(options.threadLimit !== undefined ? { threadLimit: options.threadLimit } : {}),
          onExceeded: (reason) => {
            limitReason ??= reason;
            killGroup();
          },
        })
      : undefined;

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
  watchdog?.stop();
  // Anything the tests left running (a stray worker, a child process) goes too.
  killGroup();
  applied?.release();

  const readIfThere = (file: string): string => {
    try {
      return readFileSync(file, 'utf8');
    } catch {
      return ''; // nothing was written: the run stopped before its first result
    }
  };
  const parsed = readResultStream(readIfThere(resultsPath), lessonDir, readIfThere(provisionalPath));
  rmSync(scratch, { recursive: true, force: true });

  return {
    ending: limitReason ? 'limit' : timedOut ? 'timeout' : parsed.complete ? 'completed' : 'crashed',
    ...(limitReason ? { limitReason } : {}),
    exitCode,
    signal,
    tests: parsed.tests,
    fileErrors: parsed.fileErrors,
    provisional: parsed.provisional,
    stderrTail: stderr.split('\n').slice(-40).join('\n'),
    wallMs: performance.now() - started,
    processGroup: child.pid,
  };
}
