/**
 * `check-course [turbo options]` — the course's whole self-check, which the
 * root `pnpm test` runs: formatting, types and lint, every tooling package's
 * tests, and every lesson's `verify-lesson`, through turbo (so that a second
 * run with nothing changed is answered from its cache).
 *
 * It runs in two stages, because a lesson that measures speed must have the
 * machine to itself, while everything else may share it:
 *
 * 1. side by side (two at a time: this course's CI machine has 2 cores):
 *    the formatting, type and lint checks, the tooling packages' tests, the
 *    self-checks of the lessons whose metadata does not mark them
 *    `timingSensitive`, and the untimed part of the timing lessons'
 *    self-checks (their starter, and the wrong solutions whose expect.json
 *    says they are caught without a race: see `VerifyStage` in verify.ts);
 * 2. one at a time, with nothing beside them: the rest of the
 *    timing-sensitive lessons' self-checks — the grader schedules their
 *    grading the same way — and any tooling package whose package.json says
 *    `"spellbook": { "timingSensitive": true }` (the site: its browser test
 *    times Web Workers).
 *
 * Each stage tells `verify-lesson` which part it is through the variable
 * `COURSE_VERIFY_STAGE` (which turbo.json makes part of every task's cache key).
 *
 * `--untimed` runs stage 1 alone: what CI runs on the Node lines it checks
 * for compatibility (22, 26) without timing every lesson again. Other options
 * after the command go to both turbo runs (`--force`, `--summarize`).
 * Exit status: 0 when everything passed, otherwise turbo's.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { findCourseRoot, listLessons } from '../discover.ts';

/** How many checks of stage 1 run at once. */
const SIDE_BY_SIDE = 2;

function packageName(dir: string): string {
  return (JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name: string }).name;
}

/** The tooling packages (site/, bench/, packages/*) that mark themselves timing-sensitive. */
function timedTools(courseRoot: string): string[] {
  const packages = path.join(courseRoot, 'packages');
  const dirs = [
    path.join(courseRoot, 'site'),
    path.join(courseRoot, 'bench'),
    ...(existsSync(packages) ? readdirSync(packages).map((name) => path.join(packages, name)) : []),
  ];
  return dirs.flatMap((dir) => {
    const file = path.join(dir, 'package.json');
    if (!existsSync(file)) return [];
    const manifest = JSON.parse(readFileSync(file, 'utf8')) as {
      name: string;
      spellbook?: { timingSensitive?: unknown };
    };
    return manifest.spellbook?.timingSensitive === true ? [manifest.name] : [];
  });
}

let timed: string[];
let timedToolNames: string[];
let root: string;
try {
  root = findCourseRoot();
  timedToolNames = timedTools(root);
  timed = [
    ...listLessons(root)
      .filter((lesson) => lesson.meta.timingSensitive)
      .map((lesson) => packageName(lesson.dir)),
    ...timedToolNames,
  ];
} catch (error) {
  console.error(`check-course: ${(error as Error).message}`);
  process.exit(2);
}

const untimedOnly = process.argv.includes('--untimed');
const passThrough = process.argv.slice(2).filter((arg) => arg !== '--untimed');

function turbo(stage: string, verifyStage: 'untimed' | 'timed', args: readonly string[]): number {
  console.log(`\n── check-course: ${stage}`);
  const started = performance.now();
  const result = spawnSync('pnpm', ['exec', 'turbo', 'run', ...args, '--log-order=grouped', ...passThrough], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, COURSE_VERIFY_STAGE: verifyStage },
    // pnpm is a .cmd file on Windows.
    shell: process.platform === 'win32',
  });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  if (result.error) {
    console.error(`check-course: could not start turbo: ${result.error.message}`);
    return 1;
  }
  const status = result.status ?? 1;
  console.log(`── check-course: ${stage}: ${status === 0 ? 'passed' : 'failed'} in ${seconds} s`);
  return status;
}

const quiet = turbo(
  `formatting, types, lint, the tools' tests and what needs no race in every lesson (${SIDE_BY_SIDE} at a time)`,
  'untimed',
  [
    'format:check',
    'typecheck',
    'lint',
    'verify',
    `--concurrency=${SIDE_BY_SIDE}`,
    ...timedToolNames.map((name) => `--filter=!${name}`),
  ],
);
if (quiet !== 0 || timed.length === 0 || untimedOnly) process.exit(quiet);

process.exit(
  turbo(`the ${timed.length} checks that measure speed (one at a time)`, 'timed', [
    'verify',
    '--concurrency=1',
    ...timed.map((name) => `--filter=${name}`),
  ]),
);
