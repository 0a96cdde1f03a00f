/**
 * What the course's own checks cost on this machine, measured in a scratch
 * clone of the last commit so that nothing is answered from a cache:
 *
 * - `pnpm test` cold (after `pnpm install --frozen-lockfile --offline`, which
 *   is timed but not counted), its two stages, and each package's part of it
 *   (from turbo's run summaries);
 * - `pnpm test` again, with nothing changed (turbo's cache);
 * - `pnpm grade --solutions` (every lesson's reference solution);
 * - a class of `--class-size` submissions made from the solutions (see
 *   class.ts), graded with `--jobs 2`, on `--class-lessons`.
 *
 * Run: `pnpm bench:checks` (from the repository root; it measures the last
 * commit, not uncommitted changes). Takes as long as a cold `pnpm test` and
 * the grading together. Writes bench/results/checks.md and prints it; exits 1
 * when a measured command failed.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { findLesson, listLessons, type Lesson } from '@spellbook/catalog';
import { effectiveCores } from '@spellbook/test-kit';
import { gradeClass, makeClass } from './class.ts';

const courseRoot = fileURLToPath(new URL('../..', import.meta.url));
const { values } = parseArgs({
  options: {
    'class-size': { type: 'string', default: '10' },
    'class-lessons': { type: 'string', default: '01,02,03,08' },
  },
});
const classSize = Number(values['class-size']);
if (!Number.isInteger(classSize) || classSize < 1) {
  console.error(`--class-size must be a whole number ≥ 1, got "${values['class-size']}"`);
  process.exit(2);
}

// The class's lessons are checked now, not after the half-hour cold run.
const courseLessons = listLessons(courseRoot);
const classCodes = values['class-lessons'].split(',').map((wanted) => {
  const lesson = findLesson(courseLessons, wanted);
  if (!lesson) {
    console.error(`--class-lessons: no lesson "${wanted}" in this course`);
    process.exit(2);
  }
  return lesson.code;
});

/** What `git args` prints in the course; a failure ends the benchmark with exit status 2. */
function git(args: string[]): string {
  const result = spawnSync('git', args, { cwd: courseRoot, encoding: 'utf8' });
  if (result.status !== 0) {
    console.error(`bench:checks: git ${args.join(' ')} failed: ${result.stderr.trim()}`);
    process.exit(2);
  }
  return result.stdout.trim();
}

const commit = git(['rev-parse', '--short', 'HEAD']);
const dirty = git(['status', '--porcelain', '--untracked-files=no']) !== '';

/** What one measured command did. */
interface Step {
  readonly what: string;
  readonly seconds: number;
  readonly exit: number | null;
  readonly output: string;
}

/** Runs `pnpm args` in `cwd`, its output shown as it goes and kept. */
async function pnpm(what: string, cwd: string, args: readonly string[]): Promise<Step> {
  console.error(`── ${what}: pnpm ${args.join(' ')}`);
  const started = performance.now();
  const child = spawn('pnpm', args, {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
    shell: process.platform === 'win32',
    env: { ...process.env, FORCE_COLOR: '0', TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1' },
  });
  let output = '';
  const keep = (chunk: Buffer): void => {
    output += chunk.toString();
    process.stderr.write(chunk);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exit = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const seconds = (performance.now() - started) / 1000;
  console.error(`── ${what}: exit ${exit} after ${seconds.toFixed(1)} s`);
  return { what, seconds, exit, output };
}

/** Each task of the turbo runs summarised in `dir` (`--summarize`), with its time and whether it ran. */
function turboTasks(dir: string): Array<{ task: string; seconds: number; cached: boolean }> {
  let files: string[];
  try {
    files = readdirSync(dir).filter((file) => file.endsWith('.json'));
  } catch {
    return [];
  }
  return files.flatMap((file) => {
    const summary = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as {
      tasks: Array<{
        taskId: string;
        cache: { status: string };
        execution?: { startTime: number; endTime: number };
      }>;
    };
    return summary.tasks.map((task) => ({
      task: task.taskId,
      seconds: task.execution ? (task.execution.endTime - task.execution.startTime) / 1000 : 0,
      cached: task.cache.status === 'HIT',
    }));
  });
}

const scratch = mkdtempSync(path.join(os.tmpdir(), 'spellbook-checks-'));
const clone = path.join(scratch, 'course');
const steps: Step[] = [];
let tasks: ReturnType<typeof turboTasks>;
let stages: string[];
const started = performance.now();
try {
  git(['clone', '--quiet', courseRoot, clone]);
  steps.push(
    await pnpm('install (from the store; not counted)', clone, ['install', '--frozen-lockfile', '--offline']),
  );
  const cold = await pnpm('pnpm test, cold', clone, ['test', '--summarize']);
  steps.push(cold);
  tasks = turboTasks(path.join(clone, '.turbo', 'runs'));
  stages = [...cold.output.matchAll(/── check-course: (.+): (passed|failed) in ([\d.]+) s/g)].map(
    (match) => `${match[1]}: ${match[2]} in ${match[3]} s`,
  );
  steps.push(await pnpm('pnpm test, nothing changed', clone, ['test']));
  steps.push(await pnpm('pnpm grade --solutions', clone, ['grade', '--solutions']));

  // The same lessons, as the clone has them (the class is graded from the clone).
  const cloneLessons = listLessons(clone);
  const lessons: Lesson[] = classCodes.flatMap((code) =>
    cloneLessons.filter((lesson) => lesson.code === code),
  );
  const classDir = path.join(scratch, 'class');
  makeClass(classDir, classSize, lessons);
  console.error(`── a class of ${classSize} × ${lessons.length} lessons, --jobs 2`);
  const graded = await gradeClass(clone, classDir, lessons, path.join(scratch, 'class-report.json'));
  // The class has starters and broken code in it on purpose: exit 1 (some lessons failed) is the expected outcome.
  steps.push({
    what: `a class of ${classSize} (lessons ${lessons.map((lesson) => lesson.code).join(', ')}), --jobs 2`,
    seconds: graded.seconds,
    exit: graded.exit === 1 ? 0 : graded.exit,
    output: '',
  });
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
const minutes = (performance.now() - started) / 60_000;

const cores = effectiveCores();
// A task the second stage found in the cache (a tooling package a lesson depends on) is listed once.
const ran = new Map<string, (typeof tasks)[number]>();
for (const task of tasks.filter((entry) => !entry.cached)) {
  if ((ran.get(task.task)?.seconds ?? -1) < task.seconds) ran.set(task.task, task);
}
const byTime = [...ran.values()].sort((a, b) => b.seconds - a.seconds);
const lines = [
  "# The course's own checks on this machine",
  '',
  `${cores.text}, ${os.cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ` +
    `${os.platform()} ${os.arch()}, Node ${process.version}; ${new Date().toISOString().slice(0, 10)}; ` +
    `commit ${commit}${dirty ? ' (uncommitted changes were not measured)' : ''}. ${minutes.toFixed(1)} min in all. ` +
    'Reproduce with `pnpm bench:checks`.',
  '',
  '| step | wall time | exit |',
  '| --- | ---: | ---: |',
  ...steps.map((step) => `| ${step.what} | ${step.seconds.toFixed(1)} s | ${step.exit} |`),
  '',
  ...(stages.length > 0
    ? ['Stages of the cold `pnpm test`:', '', ...stages.map((stage) => `- ${stage}`), '']
    : []),
  'Each task of the cold `pnpm test`, slowest first (turbo runs the first stage two at a time, so these overlap there):',
  '',
  '| task | wall time |',
  '| --- | ---: |',
  ...byTime.map((task) => `| ${task.task} | ${task.seconds.toFixed(1)} s |`),
];
const markdown = `${lines.join('\n').trimEnd()}\n`;
const resultsDir = fileURLToPath(new URL('../results', import.meta.url));
mkdirSync(resultsDir, { recursive: true });
writeFileSync(path.join(resultsDir, 'checks.md'), markdown);
console.log(markdown);
process.exitCode = steps.some((step) => step.exit !== 0) ? 1 : 0;
