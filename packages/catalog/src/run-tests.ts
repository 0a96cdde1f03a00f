/**
 * Running one lesson's tests in a process of its own. The run gets its own
 * process group so that everything it starts (vitest's forks, worker threads,
 * anything the code under test spawns) can be stopped together, and the
 * results are read from a stream the run writes as it goes (see
 * stream-reporter.ts), so a run that has to be killed keeps what it finished.
 *
 * Everything that runs vitest for the course (the companion, the grader, the
 * self-check, the listing of a lesson's tests) comes through here, and
 * configures the run with typed options only: this module turns them into the
 * run contract's environment (run-contract.mjs).
 *
 * @module
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stripVTControlCharacters } from 'node:util';
import { applyConstraint, type MachineConstraint } from './constrained.ts';
import { readMeasurements, type Measurement } from './measurements.ts';
import { runEnvironment, type RunSettings } from './run-contract.mjs';
import { sandboxExecArgv, type SandboxOptions } from './sandbox/index.ts';
import type { StreamLine } from './stream-reporter.ts';
import { groupEnded, watchProcessGroup } from './watchdog.ts';

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
  /** What the test measured, when it measures something (see measurements.ts). */
  readonly measurements?: readonly Measurement[];
}

/** How a lesson's test run ended. */
export interface LessonRun {
  /** `completed` when the run reached its end; otherwise why it did not (see {@link describeEnding}). */
  readonly ending: 'completed' | 'timeout' | 'crashed' | 'limit' | 'cancelled';
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
  /** Which code the tests import: `starter` (the default: the lesson's own src/), `solution`, or a lesson folder of a submission. */
  readonly target?: string;
  /** A folder of hidden tests (`*.test.ts`) to run beside the lesson's own. */
  readonly hiddenTests?: string;
  /** Where TypeScript workers compiled for Node 20 are written (see ts-worker); by default the nearest node_modules. */
  readonly workerCache?: string;
  /** Stop the whole run after this long. */
  readonly timeoutMs: number;
  /** Run only the tests whose full name matches this regular expression (vitest's `--testNamePattern`). */
  readonly testNamePattern?: string;
  /** The JavaScript heap limit of every process of the run, in MiB (Node's `--max-old-space-size`). */
  readonly heapMb?: number;
  /** Run the code under test in the sandbox (see sandbox/index.ts), writing only in these folders. */
  readonly sandbox?: SandboxOptions;
  /** Stop the run when its processes together go over one of these (see watchdog.ts). */
  readonly limits?: RunLimits;
  /** Run under a CPU quota or pinned to one CPU (see constrained.ts), as a smaller machine would. */
  readonly constraint?: MachineConstraint;
  /** Stops the run (its whole process group) when aborted; the run then ends as `cancelled`. */
  readonly signal?: AbortSignal;
}

/** Limits on what a run's processes may hold together. */
export interface RunLimits {
  /** Resident memory, in MiB. */
  readonly memoryMb?: number;
  /** Threads. */
  readonly threads?: number;
}

/** Options for {@link listLessonTests}. */
export type ListOptions = Pick<RunOptions, 'target' | 'hiddenTests' | 'signal'> & {
  /** Give up after this long (default two minutes). */
  readonly timeoutMs?: number;
};

/** A test a lesson has, as listed before any run. */
export interface ListedTest {
  /** The test file, relative to the lesson folder. */
  readonly file: string;
  /** The full name: describe blocks and title joined with ` > `. */
  readonly name: string;
}

const reporterPath = fileURLToPath(new URL('./stream-reporter.ts', import.meta.url));
const setupPath = fileURLToPath(new URL('./stream-setup.ts', import.meta.url));

/** A test's full name from its describe blocks and title, as vitest writes it. */
export function fullTestName(path: readonly string[]): string {
  return path.join(' > ');
}

/**
 * What identifies a test across runs: its file and its full name. The file
 * part is stable wherever the run happened: `test/x.test.ts` for the
 * lesson's own tests, `hidden/x.test.ts` for an instructor's (see
 * {@link isHiddenTest}), whichever scratch copy held them.
 */
export function testKey(test: { readonly file: string; readonly name: string }): string {
  const parts = test.file.split(/[\\/]/);
  const hiddenAt = parts[0] === 'test' ? -1 : parts.lastIndexOf('hidden');
  return `${(hiddenAt >= 0 ? parts.slice(hiddenAt) : parts).join('/')}::${test.name}`;
}

/** True for a test from a folder of hidden tests rather than the lesson's own `test/`. */
export function isHiddenTest(test: { readonly file: string }): boolean {
  const parts = test.file.split(/[\\/]/);
  return parts[0] !== 'test' && parts.includes('hidden');
}

/** The vitest command-line script that the lesson in `lessonDir` resolves to. */
function vitestEntry(lessonDir: string): string {
  const require = createRequire(path.join(lessonDir, 'package.json'));
  return path.join(path.dirname(require.resolve('vitest/package.json')), 'vitest.mjs');
}

/**
 * Stops every process of the group `group` leads. On Windows, where there
 * are no process groups, the run's process tree.
 */
function killGroup(group: number | undefined): void {
  if (group === undefined) return;
  try {
    if (process.platform === 'win32') {
      spawnSync('taskkill', ['/pid', String(group), '/t', '/f'], { stdio: 'ignore' });
    } else {
      // A negative pid names the whole process group.
      process.kill(-group, 'SIGKILL');
    }
  } catch {
    // The group is already gone.
  }
}

/** How a vitest process ended. */
interface VitestEnd {
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stderr: string;
  readonly cancelled: boolean;
}

/** What {@link startVitest} gives back. */
interface VitestProcess {
  readonly child: ChildProcess;
  /** Stops the whole run. */
  readonly stop: () => void;
  /** Resolves when the process has ended, with how; `cancelled` when the signal stopped it while it ran. */
  readonly ended: Promise<VitestEnd>;
}

/**
 * The one way the course starts vitest: `vitest <command>` for the lesson
 * in `lessonDir`, with the run contract's variables from `settings`, as the
 * leader of a process group of its own, stopped when `signal` aborts or
 * after `timeoutMs`.
 */
function startVitest(
  lessonDir: string,
  command: 'run' | 'list',
  args: readonly string[],
  options: {
    readonly settings: RunSettings;
    readonly env?: Readonly<Record<string, string>>;
    readonly prefix?: readonly string[];
    readonly timeoutMs: number;
    readonly signal: AbortSignal | undefined;
    readonly onTimeout?: () => void;
  },
): VitestProcess {
  const [program = process.execPath, ...programArgs] = [
    ...(options.prefix ?? []),
    process.execPath,
    vitestEntry(lessonDir),
    command,
    '--configLoader',
    'runner',
    ...args,
  ];
  const child = spawn(program, programArgs, {
    cwd: lessonDir,
    env: { ...runEnvironment(options.settings), ...options.env, FORCE_COLOR: '0' },
    // Its own process group on POSIX; on Windows, detached gives it a console
    // of its own, which windowsHide keeps from opening a window.
    detached: true,
    windowsHide: true,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const stop = (): void => killGroup(child.pid);
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-8000);
  });
  const timer = setTimeout(() => {
    options.onTimeout?.();
    stop();
  }, options.timeoutMs);
  let cancelled = false;
  const cancel = (): void => {
    cancelled = true;
    stop();
  };
  if (options.signal?.aborted) cancel();
  else options.signal?.addEventListener('abort', cancel, { once: true });
  const ended = new Promise<Omit<VitestEnd, 'cancelled'>>((resolve) => {
    child.on('error', (error) => {
      stderr += `\n${error.message}`;
      resolve({ exitCode: null, signal: null, stderr });
    });
    child.on('close', (code, sig) => resolve({ exitCode: code, signal: sig, stderr }));
  }).finally(async () => {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', cancel);
    // Anything the tests left running (a stray worker, a child process) goes
    // too, and the run ends only when it has gone.
    stop();
    if (process.platform !== 'win32' && child.pid !== undefined) await groupEnded(child.pid);
  });
  return { child, stop, ended: ended.then((end) => ({ ...end, cancelled })) };
}

/**
 * The tests of the lesson in `lessonDir` (against `options.target`, with
 * `options.hiddenTests` beside them), listed by vitest without running any.
 *
 * @throws Error when vitest could not list them (a test file that does not load, say).
 */
export async function listLessonTests(lessonDir: string, options: ListOptions = {}): Promise<ListedTest[]> {
  const scratch = mkdtempSync(path.join(tmpdir(), 'spellbook-list-'));
  const listFile = path.join(scratch, 'list.json');
  try {
    const vitest = startVitest(lessonDir, 'list', [`--json=${listFile}`], {
      settings: {
        ...(options.target !== undefined ? { target: options.target } : {}),
        ...(options.hiddenTests !== undefined ? { hiddenTests: options.hiddenTests } : {}),
      },
      timeoutMs: options.timeoutMs ?? 120_000,
      signal: options.signal,
    });
    const { exitCode } = await vitest.ended;
    let listed: Array<{ name: string; file: string }>;
    try {
      listed = JSON.parse(readFileSync(listFile, 'utf8')) as Array<{ name: string; file: string }>;
    } catch {
      throw new Error(
        `could not list the tests of ${path.basename(lessonDir)} (vitest list exited with ${exitCode})`,
      );
    }
    return listed.map(({ name, file }) => ({ file: path.relative(lessonDir, file), name: plainText(name) }));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * Text as every report shows it: without the terminal's colour and cursor
 * codes, which vitest writes into assertion messages and a JSON reader, an
 * LMS or a Markdown page would show as garbage. Everything a run reports
 * (test names, listed or run, messages, inconclusive notes, file errors, the
 * stderr tail, and through readMeasurements the measurements) is made plain
 * here, where it is read, so no report needs to strip anything.
 */
export function plainText(text: string): string {
  return stripVTControlCharacters(text);
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
  const measurementsOf = (line: Extract<StreamLine, { kind: 'test' }>): Pick<TestOutcome, 'measurements'> => {
    const measurements = readMeasurements(line.measurements);
    return measurements.length > 0 ? { measurements } : {};
  };
  const outcome = (line: Extract<StreamLine, { kind: 'test' }>): TestOutcome => ({
    file: path.relative(lessonDir, line.file),
    name: plainText(fullTestName(line.path)),
    status: line.status,
    ...(line.message ? { message: plainText(line.message) } : {}),
    ...(line.durationMs !== undefined ? { durationMs: line.durationMs } : {}),
    ...(line.inconclusive ? { inconclusive: plainText(line.inconclusive) } : {}),
    ...measurementsOf(line),
  });
  const keyOf = (line: Extract<StreamLine, { kind: 'test' }>) =>
    `${line.file}\u0000${fullTestName(line.path)}`;
  for (const line of text.split('\n').map(parse)) {
    if (!line) continue;
    if (line.kind === 'end') complete = true;
    else if (line.kind === 'file-error') {
      const file = path.isAbsolute(line.file) ? path.relative(lessonDir, line.file) || line.file : line.file;
      fileErrors.push({ file, message: plainText(line.message) });
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
 * A vitest name pattern that matches exactly the tests named in `names` (full
 * names, as {@link TestOutcome.name} writes them). Vitest matches the pattern
 * against the file's path, the describe blocks and the title joined with
 * spaces, so each name is matched as the whole end of that string.
 */
export function patternForTests(names: readonly string[]): string {
  return names.map((name) => `(?:^| )${literalPattern(name.split(' > ').join(' '))}$`).join('|');
}

/** `text` as a regular expression that matches it literally. */
export function literalPattern(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * {@link runLessonTests}, and then the tests that reported the machine too
 * busy to measure, run again on their own (up to `attempts` runs in all)
 * until each gives a verdict. The other tests' results are kept from the
 * first run: a retry measures again only what could not be measured, instead
 * of every test of the lesson. The run's `wallMs` is the time of all its
 * runs together.
 */
export async function runLessonTestsPatiently(
  lessonDir: string,
  options: RunOptions,
  attempts = 3,
): Promise<LessonRun & { attempts: number }> {
  let run = await runLessonTests(lessonDir, options);
  let made = 1;
  while (hasInconclusive(run) && made < attempts) {
    made += 1;
    // A run that did not reach its end is run again whole: the tests it never reached have no result to keep.
    if (run.ending !== 'completed' || run.fileErrors.length > 0) {
      run = await runLessonTests(lessonDir, options);
      continue;
    }
    const again = run.tests.filter((test) => test.inconclusive !== undefined);
    const againKeys = new Set(again.map(testKey));
    const retry = await runLessonTests(lessonDir, {
      ...options,
      testNamePattern: patternForTests(again.map((test) => test.name)),
    });
    const retried = new Map(
      retry.tests.filter((test) => againKeys.has(testKey(test))).map((test) => [testKey(test), test]),
    );
    run = {
      ...retry,
      // A test the retry did not report (its run was stopped first) keeps its first, inconclusive, result.
      tests: run.tests.map((test) => retried.get(testKey(test)) ?? test),
      fileErrors: [...run.fileErrors, ...retry.fileErrors],
      provisional: run.provisional + retry.provisional,
      wallMs: run.wallMs + retry.wallMs,
    };
  }
  return { ...run, attempts: made };
}

/**
 * Runs the tests of the lesson in `lessonDir` in a separate process group and
 * resolves with what they reported. It never rejects because tests failed or
 * the run had to be stopped: those are results, told apart by `ending`.
 */
export async function runLessonTests(lessonDir: string, options: RunOptions): Promise<LessonRun> {
  const started = performance.now();
  if (options.signal?.aborted) return notStarted('cancelled', started);
  const scratch = mkdtempSync(path.join(tmpdir(), 'spellbook-run-'));
  // The reporter (in vitest's own process) and the test process write to
  // separate folders: a sandboxed test process may write only the second.
  const resultsPath = path.join(scratch, 'results.jsonl');
  const provisionalDir = path.join(scratch, 'provisional');
  mkdirSync(provisionalDir);
  const provisionalPath = path.join(provisionalDir, 'results.jsonl');
  const settings: RunSettings = {
    ...(options.target !== undefined && options.target !== 'starter' ? { target: options.target } : {}),
    ...(options.hiddenTests !== undefined ? { hiddenTests: options.hiddenTests } : {}),
    ...(options.workerCache !== undefined ? { workerCache: options.workerCache } : {}),
    resultsFile: resultsPath,
    provisionalFile: provisionalPath,
    setupFiles: [setupPath],
    ...(options.sandbox
      ? { forkExecArgv: sandboxExecArgv({ writable: [...options.sandbox.writable, provisionalDir] }) }
      : {}),
  };

  const applied = options.constraint ? applyConstraint(options.constraint) : undefined;
  let timedOut = false;
  const vitest = startVitest(
    lessonDir,
    'run',
    [
      `--reporter=${reporterPath}`,
      ...(options.testNamePattern !== undefined ? ['--testNamePattern', options.testNamePattern] : []),
    ],
    {
      settings,
      // Every process of the run (vitest, its forks) gets the same heap cap.
      ...(options.heapMb !== undefined
        ? { env: { NODE_OPTIONS: `--max-old-space-size=${options.heapMb}` } }
        : {}),
      ...(applied ? { prefix: applied.prefix } : {}),
      timeoutMs: options.timeoutMs,
      signal: options.signal,
      onTimeout: () => {
        timedOut = true;
      },
    },
  );
  let limitReason: string | undefined;
  const { memoryMb, threads } = options.limits ?? {};
  const watchdog =
    vitest.child.pid !== undefined && (memoryMb !== undefined || threads !== undefined)
      ? watchProcessGroup(vitest.child.pid, {
          ...(memoryMb !== undefined ? { memoryLimitMb: memoryMb } : {}),
          ...(threads !== undefined ? { threadLimit: threads } : {}),
          onExceeded: (reason) => {
            limitReason ??= reason;
            vitest.stop();
          },
        })
      : undefined;

  const { exitCode, signal, stderr, cancelled } = await vitest.ended;
  watchdog?.stop();
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
    ending: cancelled
      ? 'cancelled'
      : limitReason
        ? 'limit'
        : timedOut
          ? 'timeout'
          : parsed.complete
            ? 'completed'
            : 'crashed',
    ...(limitReason ? { limitReason } : {}),
    exitCode,
    signal,
    tests: parsed.tests,
    fileErrors: parsed.fileErrors,
    provisional: parsed.provisional,
    stderrTail: plainText(stderr.split('\n').slice(-40).join('\n')),
    wallMs: performance.now() - started,
    processGroup: vitest.child.pid,
  };
}

/** A run that never started, ended as `ending`. */
function notStarted(ending: LessonRun['ending'], started: number): LessonRun {
  return {
    ending,
    exitCode: null,
    signal: null,
    tests: [],
    fileErrors: [],
    provisional: 0,
    stderrTail: '',
    wallMs: performance.now() - started,
    processGroup: undefined,
  };
}

/**
 * How a run ended, as one value for every tool to word for its own reader
 * (the student, the instructor, the course's author). The first that holds,
 * in this order: cancelled, stopped at the time limit, stopped over a limit,
 * a test file that could not run, a run that ended before its end, complete.
 */
export type RunEnding =
  | { readonly kind: 'completed' }
  | { readonly kind: 'cancelled' }
  | { readonly kind: 'timeout' }
  | { readonly kind: 'limit'; readonly reason: string }
  | { readonly kind: 'file-error'; readonly file: string; readonly message: string }
  | {
      readonly kind: 'crashed';
      readonly exitCode: number | null;
      readonly signal: NodeJS.Signals | null;
      /** The last lines the run wrote to stderr. */
      readonly stderrTail: string;
    };

/** How `run` ended (see {@link RunEnding}). */
export function describeEnding(run: LessonRun): RunEnding {
  if (run.ending === 'cancelled') return { kind: 'cancelled' };
  if (run.ending === 'timeout') return { kind: 'timeout' };
  if (run.ending === 'limit') return { kind: 'limit', reason: run.limitReason ?? 'over a limit' };
  const [fileError] = run.fileErrors;
  if (fileError) return { kind: 'file-error', file: fileError.file, message: fileError.message };
  if (run.ending === 'crashed') {
    return { kind: 'crashed', exitCode: run.exitCode, signal: run.signal, stderrTail: run.stderrTail };
  }
  return { kind: 'completed' };
}
