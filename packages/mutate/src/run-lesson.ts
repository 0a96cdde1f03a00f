/**
 * Mutation testing of one lesson: Stryker mutates the `.ts` files of the
 * lesson's reference solution that the student writes (`solutions/NN-slug/src/`,
 * not `wrong/`, not the starter, not the files the lesson provides finished)
 * and runs the lesson's own tests, with `COURSE_TARGET=solution`,
 * against every mutant. cli.ts says why each Stryker option is what it is.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { applyRunSettings, filesBelow, type Lesson } from '@spellbook/catalog';
import { Stryker } from '@stryker-mutator/core';
import { LESSON_ENV, MUTATED_DIR_ENV, TESTS_ENV } from './vitest-mutation.config.ts';

type StrykerOptions = ConstructorParameters<typeof Stryker>[0];
/** One mutant as Stryker reports it (lines and columns count from 1). */
export type MutantResult = Awaited<ReturnType<Stryker['runMutationTest']>>[number];
type MutantStatus = MutantResult['status'];

/** What `pnpm mutate` lets the author choose. */
export interface MutateOptions {
  /** Run only the tests whose full name matches this regular expression (vitest's `-t`). */
  readonly tests?: string | undefined;
  /** Stryker's test-runner processes at once; by default 1 for a timing lesson, else the cores less one. */
  readonly concurrency?: number | undefined;
}

/** A mutant the tests did not catch. */
export interface Survivor {
  /** The file, relative to the course root. */
  readonly file: string;
  readonly line: number;
  readonly mutator: string;
  readonly original: string;
  readonly replacement: string;
  /** `NoCoverage` when no test ran the mutated code at all. */
  readonly status: 'Survived' | 'NoCoverage';
}

/** The outcome of one lesson's mutation run. */
export interface LessonMutation {
  readonly lesson: Lesson;
  /** How many mutants ended in each status. */
  readonly counts: Readonly<Partial<Record<MutantStatus, number>>>;
  /**
   * Stryker's mutation score: killed and timed-out mutants as a percentage of
   * all mutants but the ignored and erroneous ones; undefined when none is left.
   */
  readonly score: number | undefined;
  readonly survivors: readonly Survivor[];
  /** Stryker's JSON report, relative to the course root. */
  readonly report: string;
}

/** The cache folder of this tool, relative to the course root (under node_modules: never committed). */
export const CACHE_DIR = 'node_modules/.cache/spellbook-mutate';
/** Where Stryker keeps its backup of the files it rewrites in place, while it runs. */
export const STRYKER_TEMP_DIR = `${CACHE_DIR}/stryker-tmp`;

/** A helper Stryker's instrumented code always defines; an original file never does. */
const INSTRUMENTED_MARK = 'stryMutAct_9fa48';

const mutationConfig = fileURLToPath(new URL('./vitest-mutation.config.ts', import.meta.url));

const toPosix = (file: string): string => file.split(path.sep).join('/');

/**
 * The lesson's solution files that still hold Stryker's instrumented code:
 * what a mutation run leaves behind when it is killed before it can put the
 * originals back.
 */
export function instrumentedLeftovers(lesson: Lesson): string[] {
  const src = path.join(lesson.solutionDir, 'src');
  return filesBelow(src)
    .map((file) => path.join(src, file))
    .filter((file) => readFileSync(file, 'utf8').includes(INSTRUMENTED_MARK));
}

/**
 * The solution's `.ts` files that the student writes: all of them but those
 * the lesson provides finished (`provided` in its metadata, such as lesson 6's
 * `src/sum-range-worker.ts`). The structure check keeps those out of the
 * solution; should one be there anyway, mutating it would measure tests of
 * code no student touches.
 */
export function studentWrittenFiles(lesson: Lesson): string[] {
  const provided = new Set(lesson.meta.provided.map((file) => path.join(lesson.solutionDir, file)));
  const src = path.join(lesson.solutionDir, 'src');
  return filesBelow(src)
    .filter((file) => file.endsWith('.ts'))
    .map((file) => path.join(src, file))
    .filter((file) => !provided.has(file));
}

/**
 * Runs Stryker on `lesson` and resolves with the score and the survivors.
 * Stryker works from the current folder, so this changes it to `courseRoot`.
 * Rejects when Stryker cannot run (for example when a test fails before any
 * mutant is tried); its log says why.
 */
export async function mutateLesson(
  courseRoot: string,
  lesson: Lesson,
  options: MutateOptions = {},
): Promise<LessonMutation> {
  process.chdir(courseRoot);
  const written = studentWrittenFiles(lesson);
  if (written.length === 0) throw new Error(`${lesson.id}: its solution has no file that the student writes`);
  const report = `${CACHE_DIR}/${lesson.id}/mutation.json`;

  // Read by the preset and by vitest-mutation.config.ts in Stryker's test-runner processes.
  applyRunSettings({ target: 'solution' });
  process.env[LESSON_ENV] = lesson.dir;
  process.env[MUTATED_DIR_ENV] = path.join(lesson.solutionDir, 'src');
  if (options.tests) process.env[TESTS_ENV] = options.tests;
  else delete process.env[TESTS_ENV];

  const defaultConcurrency = lesson.meta.timingSensitive ? 1 : Math.max(1, availableParallelism() - 1);
  const strykerOptions: StrykerOptions = {
    testRunner: 'vitest',
    // Stryker looks for plugins beside its own package, where pnpm puts none.
    plugins: [import.meta.resolve('@stryker-mutator/vitest-runner')],
    vitest: { configFile: mutationConfig, dir: lesson.dir, related: false },
    mutate: written.map((file) => toPosix(path.relative(courseRoot, file))),
    inPlace: true,
    tempDirName: STRYKER_TEMP_DIR,
    cleanTempDir: true,
    disableTypeChecks: false,
    coverageAnalysis: 'off',
    concurrency: options.concurrency ?? defaultConcurrency,
    timeoutMS: 10_000,
    timeoutFactor: 1.5,
    dryRunTimeoutMinutes: Math.max(5, Math.ceil((2 * lesson.meta.timeoutSeconds) / 60)),
    reporters: [process.stdout.isTTY ? 'progress' : 'progress-append-only', 'json'],
    jsonReporter: { fileName: report },
  };
  const results = await new Stryker(strykerOptions).runMutationTest();
  return summarise(courseRoot, lesson, results, report);
}

/** The source text between two positions (lines and columns from 1, the end excluded). */
function sourceBetween(lines: readonly string[], { start, end }: MutantResult['location']): string {
  const chosen = lines.slice(start.line - 1, end.line);
  const last = chosen.length - 1;
  if (last < 0) return '';
  chosen[last] = (chosen[last] ?? '').slice(0, end.column - 1);
  chosen[0] = (chosen[0] ?? '').slice(start.column - 1);
  return chosen.join('\n');
}

function summarise(
  courseRoot: string,
  lesson: Lesson,
  results: readonly MutantResult[],
  report: string,
): LessonMutation {
  const counts: Partial<Record<MutantStatus, number>> = {};
  for (const { status } of results) counts[status] = (counts[status] ?? 0) + 1;
  const detected = (counts.Killed ?? 0) + (counts.Timeout ?? 0);
  const valid = detected + (counts.Survived ?? 0) + (counts.NoCoverage ?? 0);

  // Stryker has put the original files back by now.
  const sources = new Map<string, string[]>();
  const linesOf = (file: string): string[] => {
    let lines = sources.get(file);
    if (!lines) {
      lines = readFileSync(path.resolve(courseRoot, file), 'utf8').split('\n');
      sources.set(file, lines);
    }
    return lines;
  };
  const survivors: Survivor[] = [];
  for (const mutant of results) {
    if (mutant.status !== 'Survived' && mutant.status !== 'NoCoverage') continue;
    const file = toPosix(path.relative(courseRoot, path.resolve(courseRoot, mutant.fileName)));
    survivors.push({
      file,
      line: mutant.location.start.line,
      mutator: mutant.mutatorName,
      original: sourceBetween(linesOf(file), mutant.location),
      replacement: mutant.replacement,
      status: mutant.status,
    });
  }
  survivors.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
  return {
    lesson,
    counts,
    score: valid === 0 ? undefined : (100 * detected) / valid,
    survivors,
    report,
  };
}
