/**
 * How often the course's speed races give a false verdict on this machine.
 * For each timing lesson, `--rounds` times over, the tests that catch its
 * known-wrong solutions (the union of their `mustFail` names) run against the
 * reference solution, where each must pass or be inconclusive with its
 * reason, and each wrong solution runs the tests it must fail, where each
 * must fail or be inconclusive. A solution's failure is a *false failure*; a
 * wrong solution's pass is an *escape*. Every run is a fresh vitest process
 * in the self-check's sandbox, one at a time, never retried (the self-check
 * retries an inconclusive run; this counts them).
 *
 * Run: `pnpm bench:verdicts` (from the repository root). `--rounds 20` (the
 * default), `--lessons 05,11` (default: every timing lesson with a known-wrong
 * solution). Writes bench/results/verdicts.md and prints it.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
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
  wrongSolutions,
  type Lesson,
  type LessonRun,
} from '@spellbook/catalog';
import { effectiveCores, median } from '@spellbook/test-kit';

const courseRoot = fileURLToPath(new URL('../..', import.meta.url));
const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '20' },
    lessons: { type: 'string' },
  },
});
const rounds = Number(values.rounds);
if (!Number.isInteger(rounds) || rounds < 1) {
  console.error(`--rounds must be a whole number ≥ 1, got "${values.rounds}"`);
  process.exit(2);
}
const allLessons = listLessons(courseRoot);
const lessons: Lesson[] = values.lessons
  ? values.lessons.split(',').map((wanted) => {
      const lesson = findLesson(allLessons, wanted);
      if (!lesson) {
        console.error(`--lessons: no lesson "${wanted}" in this course`);
        process.exit(2);
      }
      return lesson;
    })
  : allLessons.filter((lesson) => lesson.meta.timingSensitive && wrongSolutions(lesson).length > 0);

/** One target's runs: what it was meant to do, and how often it did. */
interface Tally {
  readonly lesson: string;
  readonly dir: string;
  readonly timeoutMs: number;
  readonly target: string;
  /** 'pass' for the solution, 'fail' for a wrong solution. */
  readonly meant: 'pass' | 'fail';
  readonly pattern: string;
  readonly parts: readonly string[];
  readonly folder: string;
  runs: number;
  asMeant: number;
  inconclusive: number;
  /** A solution's failed test, or a wrong solution's passed one, with the test's name and the first line of its message. */
  readonly wrong: string[];
  /** Runs that did not complete (a crash, a time limit): neither verdict. */
  readonly broken: string[];
  readonly seconds: number[];
}

const tallies: Tally[] = lessons.flatMap((lesson) => {
  const wrong = wrongSolutions(lesson).filter((solution) => solution.problems.length === 0);
  const union = [...new Set(wrong.flatMap((solution) => solution.mustFail))];
  const tally = (
    target: string,
    meant: 'pass' | 'fail',
    parts: readonly string[],
    folder: string,
  ): Tally => ({
    lesson: lesson.id,
    dir: lesson.dir,
    timeoutMs: lesson.meta.timeoutSeconds * 1000,
    target,
    meant,
    pattern: namePatternFor(parts),
    parts,
    folder,
    runs: 0,
    asMeant: 0,
    inconclusive: 0,
    wrong: [],
    broken: [],
    seconds: [],
  });
  return [
    tally('solution', 'pass', union, lesson.solutionDir),
    ...wrong.map((solution) => tally(solution.name, 'fail', solution.mustFail, solution.folder)),
  ];
});

function record(entry: Tally, run: LessonRun): void {
  entry.runs += 1;
  entry.seconds.push(run.wallMs / 1000);
  const tests = run.tests.filter((test) => entry.parts.some((part) => test.name.includes(part)));
  if (run.ending !== 'completed' || run.fileErrors.length > 0 || tests.length === 0) {
    entry.broken.push(`${run.ending}, ${tests.length} test(s) reported`);
    return;
  }
  const off = tests.filter((test) =>
    entry.meant === 'pass' ? test.status === 'failed' : test.status === 'passed',
  );
  if (off.length > 0) {
    for (const test of off) entry.wrong.push(`${test.name}: ${(test.message ?? '').split('\n')[0] ?? ''}`);
    return;
  }
  if (tests.some(isInconclusive)) entry.inconclusive += 1;
  else entry.asMeant += 1;
}

const started = performance.now();
for (let round = 1; round <= rounds; round += 1) {
  for (const entry of tallies) {
    const run = await runLessonTests(entry.dir, {
      target: entry.meant === 'pass' ? 'solution' : entry.folder,
      timeoutMs: entry.timeoutMs,
      testNamePattern: entry.pattern,
      ...selfCheckSandbox(entry.folder),
    });
    record(entry, run);
    const last = entry.wrong.length + entry.broken.length > 0 ? ' ✗' : '';
    console.error(
      `round ${round}/${rounds} ${entry.lesson} ${entry.target}: ${(run.wallMs / 1000).toFixed(1)} s${last}`,
    );
  }
}
const minutes = (performance.now() - started) / 60_000;

const cores = effectiveCores();
const falseFailures = tallies
  .filter((entry) => entry.meant === 'pass')
  .reduce((n, e) => n + e.wrong.length, 0);
const escapes = tallies.filter((entry) => entry.meant === 'fail').reduce((n, e) => n + e.wrong.length, 0);
const broken = tallies.reduce((n, entry) => n + entry.broken.length, 0);
const lines = [
  '# Speed verdicts on this machine',
  '',
  `${cores.text}, ${os.cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${os.platform()} ${os.arch()}, Node ${process.version}; ` +
    `${new Date().toISOString().slice(0, 10)}. ${rounds} round(s) in ${minutes.toFixed(1)} min. Reproduce with ` +
    `\`pnpm bench:verdicts --rounds ${rounds}${values.lessons ? ` --lessons ${values.lessons}` : ''}\`.`,
  '',
  `**False failures of a solution: ${falseFailures}. Wrong solutions that escaped: ${escapes}. Runs that did not complete: ${broken}.**`,
  '',
  '| lesson | target | meant to | runs | as meant | inconclusive | false verdicts | median run |',
  '| --- | --- | --- | ---: | ---: | ---: | ---: | ---: |',
  ...tallies.map(
    (entry) =>
      `| ${entry.lesson} | ${entry.target} | ${entry.meant} | ${entry.runs} | ${entry.asMeant} | ${entry.inconclusive} | ` +
      `${entry.wrong.length} | ${median(entry.seconds).toFixed(1)} s |`,
  ),
  '',
  ...tallies.flatMap((entry) => [
    ...entry.wrong.map((text) => `- ${entry.lesson} ${entry.target}, false verdict: ${text}`),
    ...entry.broken.map((text) => `- ${entry.lesson} ${entry.target}, did not complete: ${text}`),
  ]),
];
const markdown = `${lines.join('\n').trimEnd()}\n`;
const resultsDir = fileURLToPath(new URL('../results', import.meta.url));
mkdirSync(resultsDir, { recursive: true });
writeFileSync(path.join(resultsDir, 'verdicts.md'), markdown);
console.log(markdown);
process.exitCode = falseFailures + escapes + broken > 0 ? 1 : 0;
