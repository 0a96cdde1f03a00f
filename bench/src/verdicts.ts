/**
 * How often the course's speed races give a false verdict on this machine.
 * For each timing lesson, `--rounds` times over, the tests that catch its
 * known-wrong solutions checked in the timed stage (the union of their
 * `mustFail` names) run against the reference solution and every correct
 * solution written another way (`other-ways/`), where each must pass or be
 * inconclusive with its reason, and each of those wrong solutions runs
 * the tests it must fail, where each must fail or be inconclusive. A
 * correct solution's failure is a *false failure*; a wrong solution's pass is an
 * *escape*. Every run is a fresh vitest process in the self-check's sandbox,
 * one at a time, never retried (the self-check retries an inconclusive run;
 * this counts them).
 *
 * The wrong solutions whose expect.json says `"stage": "untimed"` are left
 * out: the tests that catch them measure no speed, and every self-check
 * already proves them caught on its first run, without an inconclusive
 * verdict (see `mustDecide` in the catalog's verify.ts).
 *
 * Twenty rounds of every timing lesson take hours on a 2-core machine, longer
 * than one sitting may have the machine to itself. So the tally is saved
 * after every round, in bench/results/verdicts.json, with a fingerprint of
 * what was measured (the lessons' tests and starters, the solutions and wrong
 * solutions, the test kit, the catalog, the lockfile; not the chapters'
 * prose), the machine's usable cores and the Node version. `--resume` carries
 * on from there, and refuses when any of those changed: rounds of different
 * code, or on a machine of another size, do not add up. A host of the same
 * size with another CPU model may go on (a shared CI runner is not always the
 * same host); the report names every CPU the rounds ran on. A round cut short
 * (Ctrl-C) is not counted.
 *
 * Run: `pnpm bench:verdicts` (from the repository root). `--rounds 20` (the
 * default: the total, resumed rounds included), `--lessons 05,11` (default:
 * every timing lesson with a wrong solution checked in the timed stage),
 * `--resume`. Writes bench/results/verdicts.md and verdicts.json (with
 * `--lessons 05,11`, verdicts-05-11.md and .json, so that the whole course's
 * record stays), and prints the first.
 */
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  findLesson,
  isInconclusive,
  listLessons,
  namePatternFor,
  runLessonTests,
  selfCheckSandbox,
  otherWays,
  wrongSolutions,
  type Lesson,
  type LessonRun,
} from '@spellbook/catalog';
import { effectiveCores, median } from '@spellbook/test-kit';

const courseRoot = fileURLToPath(new URL('../..', import.meta.url));
const resultsDir = fileURLToPath(new URL('../results', import.meta.url));

function usage(message: string): never {
  console.error(`bench:verdicts: ${message}`);
  process.exit(2);
}

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '20' },
    lessons: { type: 'string' },
    resume: { type: 'boolean', default: false },
  },
});
const rounds = Number(values.rounds);
if (!Number.isInteger(rounds) || rounds < 1) {
  usage(`--rounds must be a whole number ≥ 1, got "${values.rounds}"`);
}
const allLessons = listLessons(courseRoot);
const timedWrong = (lesson: Lesson) =>
  wrongSolutions(lesson).filter((solution) => solution.problems.length === 0 && solution.stage === 'timed');
const lessons: Lesson[] = values.lessons
  ? values.lessons
      .split(',')
      .map(
        (wanted) =>
          findLesson(allLessons, wanted) ?? usage(`--lessons: no lesson "${wanted}" in this course`),
      )
  : allLessons.filter((lesson) => lesson.meta.timingSensitive && timedWrong(lesson).length > 0);

// Every timing lesson's rounds are bench/results/verdicts.{json,md}; rounds
// of some lessons (--lessons) are a file of their own, named after them, so
// that they never replace the whole course's record.
const resultsName = values.lessons
  ? `verdicts-${lessons.map((lesson) => lesson.code).join('-')}`
  : 'verdicts';
const stateFile = path.join(resultsDir, `${resultsName}.json`);

/** One target's runs: what it was meant to do, and how often it did. */
interface Tally {
  readonly lesson: string;
  readonly target: string;
  /** 'pass' for the solution and the other ways, 'fail' for a wrong solution. */
  readonly meant: 'pass' | 'fail';
  runs: number;
  asMeant: number;
  inconclusive: number;
  /** A solution's failed test (its name and the first line of its message), or a wrong solution's passed one. */
  readonly wrong: string[];
  /** Runs that did not complete (a crash, a time limit): neither verdict. */
  readonly broken: string[];
  readonly seconds: number[];
}

/** How to run one target: not saved, rebuilt from the course each time. */
interface Target {
  readonly tally: Tally;
  readonly dir: string;
  readonly timeoutMs: number;
  readonly pattern: string;
  readonly parts: readonly string[];
  readonly folder: string;
}

/** What bench/results/verdicts.json holds: the rounds done so far, and what they measured. */
interface Saved {
  readonly fingerprint: string | null;
  readonly lessons: readonly string[];
  /** The usable cores, platform and architecture: what must not change between rounds. */
  readonly machine: string;
  /** The CPU models the rounds ran on. */
  readonly cpus: string[];
  readonly node: string;
  roundsDone: number;
  minutes: number;
  /** The days on which rounds ran (a resumed tally spans several). */
  readonly days: string[];
  readonly tallies: Tally[];
}

const targets: Target[] = lessons.flatMap((lesson) => {
  const wrong = timedWrong(lesson);
  const union = [...new Set(wrong.flatMap((solution) => solution.mustFail))];
  const target = (
    name: string,
    meant: 'pass' | 'fail',
    parts: readonly string[],
    folder: string,
  ): Target => ({
    tally: {
      lesson: lesson.id,
      target: name,
      meant,
      runs: 0,
      asMeant: 0,
      inconclusive: 0,
      wrong: [],
      broken: [],
      seconds: [],
    },
    dir: lesson.dir,
    timeoutMs: lesson.meta.timeoutSeconds * 1000,
    pattern: namePatternFor(parts),
    parts,
    folder,
  });
  return [
    target('solution', 'pass', union, lesson.solutionDir),
    // A correct solution written another way is held to the same races.
    ...otherWays(lesson)
      .filter((way) => way.problems.length === 0)
      .map((way) => target(`other way ${way.name}`, 'pass', union, way.folder)),
    ...wrong.map((solution) => target(solution.name, 'fail', solution.mustFail, solution.folder)),
  ];
});

/**
 * A hash of every file whose change could change a verdict: what git tracks
 * or would track (ignored files, such as node_modules and the applied
 * patches, are left out) under the chosen lessons and their solutions, the
 * test kit, the catalog, and the lockfile, as they are on disk now, but for
 * Markdown (the chapters' prose decides no verdict); or null outside a git
 * checkout, where rounds cannot be resumed.
 */
function fingerprint(): string | null {
  const paths = [
    ...lessons.flatMap((lesson) => [lesson.dir, lesson.solutionDir]),
    path.join(courseRoot, 'packages', 'test-kit'),
    path.join(courseRoot, 'packages', 'catalog'),
    path.join(courseRoot, 'pnpm-lock.yaml'),
  ].map((file) => path.relative(courseRoot, file));
  let listed: string;
  try {
    listed = execFileSync(
      'git',
      ['ls-files', '--cached', '--others', '--exclude-standard', '-z', '--', ...paths],
      { cwd: courseRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
    );
  } catch {
    return null;
  }
  const hash = createHash('sha256');
  for (const file of [...new Set(listed.split('\0'))]
    .filter((name) => name && !name.endsWith('.md'))
    .sort()) {
    const full = path.join(courseRoot, file);
    hash.update(`${file}\0`);
    hash.update(existsSync(full) ? readFileSync(full) : 'deleted');
    hash.update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

const cores = effectiveCores();
const cpu = os.cpus()[0]?.model.trim() ?? 'unknown CPU';
const now: Omit<Saved, 'roundsDone' | 'minutes' | 'days' | 'cpus' | 'tallies'> = {
  fingerprint: fingerprint(),
  lessons: lessons.map((lesson) => lesson.id),
  machine: `${cores.text}, ${os.platform()} ${os.arch()}`,
  node: process.version,
};

/** The saved tally to go on from, or a reason why it cannot be used. */
function resumed(): Saved {
  if (!existsSync(stateFile)) {
    usage(`--resume: there is no ${path.relative(courseRoot, stateFile)} to go on from`);
  }
  let saved: Saved;
  try {
    saved = JSON.parse(readFileSync(stateFile, 'utf8')) as Saved;
  } catch (error) {
    usage(`--resume: ${path.relative(courseRoot, stateFile)} cannot be read: ${(error as Error).message}`);
  }
  const differs = [
    now.fingerprint === null && 'this course is not a git checkout, so what was measured cannot be compared',
    saved.lessons.join(',') === now.lessons.join(',') &&
      saved.fingerprint !== now.fingerprint &&
      `the code under test changed since those rounds (fingerprint ${saved.fingerprint}, now ${now.fingerprint})`,
    saved.lessons.join(',') !== now.lessons.join(',') &&
      `those rounds measured lessons ${saved.lessons.join(',')}, not ${now.lessons.join(',')}`,
    saved.machine !== now.machine && `those rounds ran on ${saved.machine}, this is ${now.machine}`,
    saved.node !== now.node && `those rounds ran on Node ${saved.node}, this is Node ${now.node}`,
  ].filter((reason): reason is string => typeof reason === 'string');
  if (differs.length > 0) {
    usage(`--resume: cannot add to the saved rounds: ${differs.join('; ')}. Start again without --resume.`);
  }
  const byKey = new Map(saved.tallies.map((tally) => [`${tally.lesson}/${tally.target}`, tally]));
  for (const target of targets) {
    const tally = byKey.get(`${target.tally.lesson}/${target.tally.target}`);
    if (!tally) {
      usage(
        `--resume: the saved rounds have no runs of ${target.tally.lesson} ${target.tally.target}. Start again without --resume.`,
      );
    }
    Object.assign(target.tally, tally);
  }
  return { ...saved, cpus: saved.cpus ?? [], tallies: targets.map((target) => target.tally) };
}

const state: Saved = values.resume
  ? resumed()
  : { ...now, roundsDone: 0, minutes: 0, days: [], cpus: [], tallies: targets.map((target) => target.tally) };

function record(target: Target, run: LessonRun): void {
  const entry = target.tally;
  entry.runs += 1;
  entry.seconds.push(run.wallMs / 1000);
  const tests = run.tests.filter((test) => target.parts.some((part) => test.name.includes(part)));
  if (run.ending !== 'completed' || run.fileErrors.length > 0 || tests.length === 0) {
    entry.broken.push(`${run.ending}, ${tests.length} test(s) reported`);
    return;
  }
  const off = tests.filter((test) =>
    entry.meant === 'pass' ? test.status === 'failed' : test.status === 'passed',
  );
  if (off.length > 0) {
    for (const test of off) {
      // A failure says why in its first line; a test that passed has no message, so say so.
      const why =
        test.status === 'passed' ? 'passed, where it must fail' : (test.message ?? '').split('\n')[0];
      entry.wrong.push(`${test.name}: ${why}`);
    }
    return;
  }
  if (tests.some(isInconclusive)) entry.inconclusive += 1;
  else entry.asMeant += 1;
}

function report(): string {
  const tallies = state.tallies;
  const falseFailures = tallies.filter((e) => e.meant === 'pass').reduce((n, e) => n + e.wrong.length, 0);
  const escapes = tallies.filter((e) => e.meant === 'fail').reduce((n, e) => n + e.wrong.length, 0);
  const broken = tallies.reduce((n, e) => n + e.broken.length, 0);
  const command = `pnpm bench:verdicts --rounds ${rounds}${values.lessons ? ` --lessons ${values.lessons}` : ''}`;
  const lines = [
    '# Speed verdicts on this machine',
    '',
    `${state.machine}, ${state.cpus.join(' and ')}, Node ${state.node}; ${state.days.join(', ')}. ${state.roundsDone} of ${rounds} round(s) in ` +
      `${state.minutes.toFixed(1)} min, of the code with fingerprint ${state.fingerprint}. Reproduce with \`${command}\` ` +
      '(the wrong solutions checked in the timed stage; those caught without a race are proven by every self-check).',
    '',
    ...(state.roundsDone < rounds
      ? [`**Not finished: ${state.roundsDone} of ${rounds} rounds. Go on with \`${command} --resume\`.**`, '']
      : []),
    `**False failures of a solution: ${falseFailures}. Wrong solutions that escaped: ${escapes}. Runs that did not complete: ${broken}.**`,
    '',
    '| lesson | target | meant to | runs | as meant | inconclusive | false verdicts | median run |',
    '| --- | --- | --- | ---: | ---: | ---: | ---: | ---: |',
    ...tallies.map(
      (e) =>
        `| ${e.lesson} | ${e.target} | ${e.meant} | ${e.runs} | ${e.asMeant} | ${e.inconclusive} | ` +
        `${e.wrong.length} | ${e.seconds.length > 0 ? `${median(e.seconds).toFixed(1)} s` : '–'} |`,
    ),
    '',
    ...tallies.flatMap((e) => [
      ...e.wrong.map((text) => `- ${e.lesson} ${e.target}, false verdict: ${text}`),
      ...e.broken.map((text) => `- ${e.lesson} ${e.target}, did not complete: ${text}`),
    ]),
  ];
  process.exitCode = falseFailures + escapes + broken > 0 ? 1 : 0;
  return `${lines.join('\n').trimEnd()}\n`;
}

/** Writes both files whole or not at all (a write cut short by Ctrl-C leaves the last round's). */
function save(): string {
  mkdirSync(resultsDir, { recursive: true });
  const markdown = report();
  for (const [name, text] of [
    [`${resultsName}.json`, `${JSON.stringify(state, null, 2)}\n`],
    [`${resultsName}.md`, markdown],
  ] as const) {
    const file = path.join(resultsDir, name);
    writeFileSync(`${file}.tmp`, text);
    renameSync(`${file}.tmp`, file);
  }
  return markdown;
}

if (state.roundsDone >= rounds) {
  console.error(`bench:verdicts: ${state.roundsDone} round(s) are done already; nothing to run.`);
}
while (state.roundsDone < rounds) {
  const round = state.roundsDone + 1;
  const started = performance.now();
  // The tally is saved when the round ends: a round cut short leaves the saved one as it was.
  for (const target of targets) {
    const run = await runLessonTests(target.dir, {
      target: target.tally.meant === 'pass' ? 'solution' : target.folder,
      timeoutMs: target.timeoutMs,
      testNamePattern: target.pattern,
      ...selfCheckSandbox(target.folder),
    });
    record(target, run);
    const last = target.tally.wrong.length + target.tally.broken.length > 0 ? ' ✗' : '';
    console.error(
      `round ${round}/${rounds} ${target.tally.lesson} ${target.tally.target}: ${(run.wallMs / 1000).toFixed(1)} s${last}`,
    );
  }
  state.roundsDone = round;
  state.minutes += (performance.now() - started) / 60_000;
  const day = new Date().toISOString().slice(0, 10);
  if (!state.days.includes(day)) state.days.push(day);
  if (!state.cpus.includes(cpu)) state.cpus.push(cpu);
  save();
}
console.log(save());
