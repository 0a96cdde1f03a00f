/**
 * # `pnpm mutate`: do the tests pin down the reference solutions?
 *
 * A course author's tool, never part of `pnpm test`. For each chosen lesson
 * it runs [Stryker](https://stryker-mutator.io) on the lesson's reference
 * solution (the `.ts` files in `solutions/NN-slug/src/`; not the known-wrong
 * solutions in `wrong/`, not the starter, and not the files a lesson hands
 * over finished, which only the starter holds): Stryker makes many small changes
 * to the code (a `<` for a `<=`, a condition forced to `true`, a statement
 * removed, …), runs the lesson's own tests against each of these mutants
 * with `COURSE_TARGET=solution`, and counts a mutant as killed when a test
 * fails. A mutant that survives is a change a student could make without any
 * test noticing: a test to add, or code the chapter does not need.
 *
 * ```sh
 * pnpm mutate                          # every lesson, one after another
 * pnpm mutate 01 03-a-trusted-band     # some lessons, by number or folder name
 * pnpm mutate 05 --tests '^(?!.*\b(?:faster|slower)\b)'   # a timing lesson, without its speed tests
 * pnpm mutate 02 --concurrency 2       # two Stryker test runners at once
 * ```
 *
 * For each lesson it prints the mutation score (killed and timed-out mutants
 * as a share of all but the ignored and erroneous ones, as Stryker counts it)
 * and every surviving mutant as `file:line`, mutator, original → replacement.
 * Stryker's full JSON report is written to
 * `node_modules/.cache/spellbook-mutate/<lesson>/mutation.json`. Exit status:
 * 0 when every lesson was mutation-tested (whatever the scores), 1 when
 * Stryker could not run for some lesson, 2 for bad usage.
 *
 * ## Timing lessons
 *
 * The timing lessons (`timingSensitive` in their metadata: 04–12) measure
 * speed, and several have tests that compare the times of two pieces of
 * code. Stryker runs the tests once per mutant, so those tests make a run
 * slow, and on a busy machine they fail now and then, which "kills" a mutant
 * for the wrong reason. Mutate those lessons under
 * the tests that do not compare speeds, named by a test-name filter (a
 * regular expression matched against "file describe test", like vitest's
 * `-t`). Recommended: `--tests '^(?!.*\b(?:faster|slower)\b)'`, which leaves
 * out the tests whose names say "faster" or "slower" (lessons 4, 5, 7, 9, 11
 * and 12 have them); the correctness, thread, cancellation and memory tests stay.
 * Two lessons need more left out, because their heaviest tests do not fit
 * in a run per mutant: lesson 6's curve (`(?!.*measures the curve)`, a
 * timing test under another name; a small test of the same function stays)
 * and lesson 11's runs at 2e8–5e8 (`(?!.*far above)(?!.*spans are sieved)`;
 * its memory test also checks the sieve's speed first, which instrumented
 * code cannot meet).
 * State the filter beside any score you quote. Timing lessons get one Stryker
 * test runner at a time, so that their tests never share the machine.
 *
 * ## How it runs Stryker, and why
 *
 * - `inPlace: true`: Stryker rewrites the solution files themselves while it
 *   runs and puts them back at the end (also on Ctrl-C), keeping a backup
 *   under `node_modules/.cache/spellbook-mutate/stryker-tmp/` meanwhile.
 *   Its default, a sandbox, copies the whole repository and links each
 *   `node_modules` folder back into the copy; pnpm's workspace links then
 *   lead out of the copy into the real tree (the test kit, ts-worker's cache
 *   of compiled workers), so a run would mix the two. In place, every path
 *   is the real one. So do not run `pnpm test` or `pnpm bench` during a
 *   mutation run: they would see the instrumented solutions (and Stryker's
 *   vitest runner leaves a `stryker-setup-N.js` at the root meanwhile). A run
 *   killed outright (SIGKILL) cannot put the files back; `pnpm mutate` then
 *   refuses to start until they are restored (`git checkout -- <file>`).
 * - `coverageAnalysis: 'off'`: every mutant is tried against every test.
 *   Stryker's coverage is recorded in the test process's globals, so code
 *   that runs only in worker threads would look uncovered and its mutants
 *   would never be tried.
 * - Stryker's coverage counter, which its instrumented code calls before
 *   nearly every mutated expression, is made to return at once
 *   (`silenceCoverageCounter` in vitest-mutation.config.ts). With coverage
 *   analysis off nothing reads what it counts, and in a hot loop it made the
 *   code about 250 times slower: the timing lessons could not be run at all.
 * - Mutants in worker threads: Stryker switches a mutant on through
 *   `globalThis.__stryker__`, which a worker thread does not share; its
 *   instrumented code falls back to `process.env.__STRYKER_ACTIVE_MUTANT__`,
 *   which a worker copies from its parent when it starts.
 *   active-mutant-setup.ts, a setup file added for mutation runs only, keeps
 *   that variable equal to the active mutant.
 * - vitest-mutation.config.ts wraps the lesson's vitest configuration: it
 *   loads it through tsx (Stryker's runner cannot ask for `--configLoader
 *   runner`), runs test files in forks as the preset does (Stryker's runner
 *   asks for threads), and applies `--tests`.
 * - `vitest.related: false`: tests reach worker files through Tinypool, not
 *   through imports, so vitest's "related tests" would miss them.
 * - `disableTypeChecks: false`: otherwise Stryker would add `// @ts-nocheck`
 *   to every TypeScript file of the repository, in place. Nothing type-checks
 *   during a test run anyway.
 * - Each mutant may take 1.5 × the first, unmutated run plus 10 s before it
 *   counts as timed out (detected); that first run may take twice the
 *   lesson's `timeoutSeconds`, and at least 5 minutes.
 *
 * @module
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { findCourseRoot, findLesson, listLessons, type Lesson } from '@spellbook/catalog';
import pc from 'picocolors';
import {
  instrumentedLeftovers,
  mutateLesson,
  STRYKER_TEMP_DIR,
  type LessonMutation,
  type MutateOptions,
} from './run-lesson.ts';

/** The filter recommended for the timing lessons: the tests whose names say neither "faster" nor "slower". */
const WITHOUT_SPEED_TESTS = String.raw`^(?!.*\b(?:faster|slower)\b)`;

const USAGE = `usage: pnpm mutate [lesson…] [--tests <pattern>] [--concurrency <n>]

Mutation-tests the reference solution of each lesson (every lesson when none is named)
under the lesson's own tests, and prints the score and every surviving mutant.

  lesson               its number (01 or 1) or its folder name (01-the-long-road)
  --tests <pattern>    run only the tests whose full name matches this regular expression;
                       for a timing lesson: --tests '${WITHOUT_SPEED_TESTS}'
  --concurrency <n>    Stryker test runners at once (default: 1 for a timing lesson, else cores - 1)`;

function fail(message: string): never {
  console.error(`mutate: ${message}`);
  process.exit(2);
}

function parseCommandLine(): { wanted: string[]; options: MutateOptions } {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        tests: { type: 'string' },
        concurrency: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    fail(`${(error as Error).message} (see pnpm mutate --help)`);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const { tests, concurrency } = values;
  if (tests !== undefined) {
    if (tests === '') fail('--tests needs a pattern');
    try {
      new RegExp(tests);
    } catch {
      fail(`--tests: "${tests}" is not a regular expression`);
    }
  }
  if (concurrency !== undefined && !/^[1-9]\d*$/.test(concurrency)) {
    fail(`--concurrency must be a whole number of at least 1, got "${concurrency}"`);
  }
  return {
    wanted: positionals,
    options: { tests, concurrency: concurrency === undefined ? undefined : Number(concurrency) },
  };
}

/** The lessons named on the command line, in course order; every lesson when none is named. */
function chooseLessons(all: readonly Lesson[], wanted: readonly string[]): Lesson[] {
  if (wanted.length === 0) return [...all];
  const chosen = new Set<Lesson>();
  for (const name of wanted) {
    const key = name.replace(/\/+$/, '').split('/').at(-1) ?? name;
    const lesson = findLesson(all, key);
    if (!lesson) {
      const range = `${all[0]?.id ?? '01'} … ${all.at(-1)?.id ?? '01'}`;
      fail(`unknown lesson "${name}": give its number or folder name (the lessons are ${range})`);
    }
    chosen.add(lesson);
  }
  return all.filter((lesson) => chosen.has(lesson));
}

/** Code on one line, cut short past `max` characters. */
function oneLine(code: string, max = 60): string {
  const text = code.replace(/\s+/g, ' ').trim();
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function percent(score: number | undefined): string {
  return score === undefined ? 'n/a' : `${score.toFixed(1)} %`;
}

function printLesson(result: LessonMutation): void {
  const { counts, lesson } = result;
  const killed = counts.Killed ?? 0;
  const timedOut = counts.Timeout ?? 0;
  const survived = (counts.Survived ?? 0) + (counts.NoCoverage ?? 0);
  const errors = (counts.RuntimeError ?? 0) + (counts.CompileError ?? 0);
  const notCounted: string[] = [];
  if (errors) notCounted.push(`${errors} erroneous`);
  if (counts.Ignored) notCounted.push(`${counts.Ignored} ignored`);
  const detected = `${killed + timedOut} of ${killed + timedOut + survived} detected`;
  const detail = `${killed} killed, ${timedOut} timed out; ${survived} survived`;
  const aside = notCounted.length > 0 ? `; not counted: ${notCounted.join(', ')}` : '';
  console.log(`\n${pc.bold(lesson.id)}: mutation score ${pc.bold(percent(result.score))}`);
  console.log(`  ${detected} (${detail}${aside})`);
  for (const survivor of result.survivors) {
    const where = `${survivor.file}:${survivor.line}`;
    const change = `${pc.red(oneLine(survivor.original))} → ${pc.green(oneLine(survivor.replacement))}`;
    const tag = survivor.status === 'NoCoverage' ? pc.yellow(' (no test ran it)') : '';
    console.log(`  ${pc.cyan(where)}  ${survivor.mutator}  ${change}${tag}`);
  }
  console.log(pc.dim(`  Stryker's report: ${result.report}`));
}

const { wanted, options } = parseCommandLine();
let courseRoot: string;
let lessons: Lesson[];
try {
  courseRoot = findCourseRoot(import.meta.dirname);
  lessons = chooseLessons(listLessons(courseRoot), wanted);
} catch (error) {
  fail((error as Error).message);
}

for (const lesson of lessons) {
  const [leftover] = instrumentedLeftovers(lesson);
  if (leftover) {
    const file = path.relative(courseRoot, leftover);
    fail(
      `${file} still holds Stryker's instrumented code from a run that was stopped; put it back ` +
        `with \`git checkout -- ${file}\` (or from ${STRYKER_TEMP_DIR}/backup-*) and run again`,
    );
  }
}

const finished: LessonMutation[] = [];
const broken: string[] = [];
for (const lesson of lessons) {
  console.log(pc.bold(`\n── ${lesson.id}: mutating its reference solution`));
  if (lesson.meta.timingSensitive && options.tests === undefined) {
    console.log(pc.yellow(`   a timing lesson: consider --tests '${WITHOUT_SPEED_TESTS}' (see --help)`));
  }
  try {
    const result = await mutateLesson(courseRoot, lesson, options);
    finished.push(result);
    printLesson(result);
  } catch (error) {
    const reason = ((error as Error).message || String(error)).split('\n')[0] ?? '';
    console.error(pc.red(`\nmutate: ${lesson.id}: Stryker could not finish: ${reason}`));
    broken.push(lesson.id);
  }
}

if (lessons.length > 1) {
  console.log(pc.bold('\nlesson                      score      survivors'));
  for (const { lesson, score, survivors } of finished) {
    console.log(`${lesson.id.padEnd(28)}${percent(score).padEnd(11)}${survivors.length}`);
  }
  for (const id of broken) console.log(`${id.padEnd(28)}${pc.red('did not finish')}`);
}
if (options.tests !== undefined) console.log(pc.dim(`\nunder the tests matching /${options.tests}/`));
process.exitCode = broken.length === 0 ? 0 : 1;
