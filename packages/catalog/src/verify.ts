/**
 * The course author's self-check of one lesson (rustlings' `dev check`, for
 * this course): the folder is well formed, the reference solution passes every
 * test, the starter fails every graded test, each known-wrong solution kept
 * under `solutions/NN-slug/wrong/` fails the tests it is meant to fail, and a
 * timing lesson's solution never fails on a smaller machine (constrained.ts).
 *
 * A timing lesson's self-check comes in two parts, so that what needs no
 * race does not wait for the quiet machine (see {@link VerifyStage}): the
 * root `pnpm test` runs the `untimed` part beside the other checks and the
 * `timed` part alone; `pnpm verify` in a lesson runs both.
 *
 * @module
 */
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Lesson } from './discover.ts';
import {
  describeConstraint,
  PROVING_CONSTRAINTS,
  whyNotAvailable,
  type MachineConstraint,
} from './constrained.ts';
import {
  describeEnding,
  literalPattern,
  runLessonTests,
  runLessonTestsPatiently,
  type LessonRun,
  type RunOptions,
  type TestOutcome,
} from './run-tests.ts';
import { applyMistake, MISTAKE_PATCH } from './mistake-patch.ts';
import { checkLessonStructure } from './structure.ts';

/** One finding of the self-check. */
export interface Finding {
  readonly ok: boolean;
  /** A one-line headline. */
  readonly title: string;
  /** Supporting lines, shown under the headline. */
  readonly details: string[];
}

/** What a known-wrong solution must fail, from its `expect.json`. */
const wrongExpectationSchema = z
  .object({
    /** What mistake this wrong solution makes. */
    mistake: z.string().min(10),
    /** Each entry is part of a test's full name; every matching test must fail, and at least one must match. */
    mustFail: z.array(z.string().min(3)).min(1),
    /**
     * In a timing lesson, `untimed` when the tests it must fail catch it
     * without measuring speed (a wrong sum, a thread left running, a pool of
     * the wrong size): it is then checked in the untimed stage, beside other
     * checks, where a verdict of "inconclusive" counts as not caught. By
     * default (`timed`) it is checked with the machine to itself.
     */
    stage: z.enum(['untimed', 'timed']).optional(),
  })
  .strict();

/**
 * Which part of a lesson's self-check to run. `untimed`: what needs no race
 * (the folder, the starter, the wrong solutions whose `expect.json` says
 * `"stage": "untimed"`), safe beside other work. `timed`: the rest (the
 * reference solution, the other wrong solutions, the other ways, the proofs
 * on smaller machines), which needs the machine to itself. `all`: both, one
 * after the other. A lesson that is not timing-sensitive always runs all of
 * it, whichever stage is asked.
 */
export type VerifyStage = 'all' | 'untimed' | 'timed';

/** A correct solution written another way, from its `about.json`. */
const otherWaySchema = z
  .object({
    /** How this solution differs from the reference, in a sentence. */
    approach: z.string().min(10),
  })
  .strict();

/** A fixture's JSON description, checked by `schema`; the problems instead when it is missing or invalid. */
function readDescription<T>(file: string, schema: z.ZodType<T>): { data: T } | { problems: string[] } {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8')) as unknown;
  } catch (error) {
    return { problems: [(error as Error).message] };
  }
  const parsed = schema.safeParse(raw);
  return parsed.success
    ? { data: parsed.data }
    : { problems: parsed.error.issues.map((issue) => issue.message) };
}

/** The names of the folders directly inside `root`, sorted; none when it does not exist. */
function subfolders(root: string): string[] {
  return existsSync(root)
    ? readdirSync(root, { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name)
        .sort()
    : [];
}

/** Why `run` did not end cleanly, in the author's terms: what stopped it, every file that did not run, and its stderr. */
function describeRunProblem(run: LessonRun, timeoutMs: number): string[] {
  const ending = describeEnding(run);
  const exit = `exit ${run.exitCode ?? run.signal ?? '?'}`;
  const headline = {
    completed: `the run completed, but a test file did not run (${exit})`,
    'file-error': `a test file did not run (${exit})`,
    cancelled: 'the run was cancelled',
    timeout: `the run was stopped at its time limit of ${timeoutMs / 1000} s`,
    limit: `the run was stopped: ${ending.kind === 'limit' ? ending.reason : ''}`,
    crashed: `the run ended before its end (${exit})`,
  }[ending.kind];
  const lines = [headline];
  for (const { file, message } of run.fileErrors) lines.push(`${file}: ${firstLines(message, 4)}`);
  if (run.tests.length === 0 && run.stderrTail.trim()) lines.push(firstLines(run.stderrTail.trim(), 12));
  return lines;
}

/**
 * Why a run that had to pass did not: what stopped it before its end (if
 * anything did) and each test that failed, with the first lines of its message.
 */
function whyNotPassed(run: LessonRun, failures: readonly TestOutcome[], timeoutMs: number): string[] {
  return [
    ...(run.ending === 'completed' && run.fileErrors.length === 0 ? [] : describeRunProblem(run, timeoutMs)),
    ...failures.map((test) => `✗ ${test.name}\n      ${firstLines(test.message ?? '', 6)}`),
  ];
}

/** How long a run took, in words: every run of the self-check says so, for the author watching where the time goes. */
function seconds(run: LessonRun & { attempts?: number }): string {
  const attempts = run.attempts !== undefined && run.attempts > 1 ? `, ${run.attempts} attempts` : '';
  return `${(run.wallMs / 1000).toFixed(1)} s${attempts}`;
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? '';
}

/**
 * Options that run the code in `folder` in the grader's sandbox, so that the
 * self-check proves every solution passes (and every starter and wrong
 * solution fails) under the same restrictions as a graded submission. The
 * only place it may write is the cache of compiled TypeScript workers in the
 * nearest node_modules, where the compiled files' imports resolve as before.
 */
export function selfCheckSandbox(folder: string): Pick<RunOptions, 'sandbox' | 'workerCache'> {
  let dir = path.resolve(folder);
  while (!existsSync(path.join(dir, 'node_modules')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  const cache = path.join(dir, 'node_modules', '.cache', 'spellbook-ts-workers');
  mkdirSync(cache, { recursive: true });
  return { sandbox: { writable: [cache] }, workerCache: cache };
}

/**
 * A known-wrong solution kept under `solutions/NN-slug/wrong/<name>/`, as its
 * `expect.json` describes it: its own `src/`, or the reference with the
 * mistake of its `mistake.patch` applied (see mistake-patch.ts).
 */
export interface WrongSolution {
  readonly name: string;
  /** The folder whose `src/` the tests run against: the wrong solution's own, or its patched copy of the reference. */
  readonly folder: string;
  /** The mistake it makes, or undefined with `problems` when its expect.json is missing or invalid. */
  readonly mistake?: string;
  /** Parts of the full names of the tests it must fail. */
  readonly mustFail: readonly string[];
  /** Which stage of a timing lesson's self-check checks it (see the `stage` of expect.json). */
  readonly stage: 'untimed' | 'timed';
  /** What is wrong with its expect.json, or with its mistake.patch; empty when both are valid. */
  readonly problems: readonly string[];
}

/**
 * The lesson's known-wrong solutions, in name order, each with what it must
 * fail. A wrong solution kept as a `mistake.patch` is applied to a fresh copy
 * of the reference here, so its `folder` is ready to run.
 */
export function wrongSolutions(lesson: Lesson): WrongSolution[] {
  const root = path.join(lesson.solutionDir, 'wrong');
  return subfolders(root).map((name) => {
    const own = path.join(root, name);
    const applied = existsSync(path.join(own, MISTAKE_PATCH))
      ? applyMistake(path.join(lesson.solutionDir, 'src'), own)
      : { folder: own, problems: [] };
    const { folder } = applied;
    const parsed = readDescription(path.join(own, 'expect.json'), wrongExpectationSchema);
    return 'problems' in parsed
      ? { name, folder, mustFail: [], stage: 'timed', problems: [...parsed.problems, ...applied.problems] }
      : {
          name,
          folder,
          mistake: parsed.data.mistake,
          mustFail: parsed.data.mustFail,
          stage: parsed.data.stage ?? 'timed',
          problems: applied.problems,
        };
  });
}

/** A correct solution kept under `solutions/NN-slug/other-ways/<name>/`, as its `about.json` describes it. */
export interface OtherWay {
  readonly name: string;
  /** The folder whose `src/` the tests run against. */
  readonly folder: string;
  /** How it differs from the reference, or undefined with `problems` when its about.json is missing or invalid. */
  readonly approach?: string;
  /** What is wrong with its about.json; empty when it is valid. */
  readonly problems: readonly string[];
}

/** The lesson's correct solutions written another way, in name order: each must pass every test. */
export function otherWays(lesson: Lesson): OtherWay[] {
  const root = path.join(lesson.solutionDir, 'other-ways');
  return subfolders(root).map((name) => {
    const folder = path.join(root, name);
    const parsed = readDescription(path.join(folder, 'about.json'), otherWaySchema);
    return 'problems' in parsed
      ? { name, folder, problems: parsed.problems }
      : { name, folder, approach: parsed.data.approach, problems: [] };
  });
}

/** A vitest name pattern for the tests whose full names contain any of `parts`, taken literally. */
export function namePatternFor(parts: readonly string[]): string {
  return parts.map(literalPattern).join('|');
}

/** A wrong solution's test that skipped as inconclusive proves nothing either way; it is reported, not failed. */
export function isInconclusive(test: TestOutcome): boolean {
  return test.status === 'skipped' && test.inconclusive !== undefined;
}

function firstLines(text: string, count: number): string {
  return text.split('\n').slice(0, count).join('\n      ');
}

/** What {@link judgeWrongRun} found in a wrong solution's run. */
export interface WrongRunJudgement {
  /** Why the wrong solution was not caught; empty when it was. */
  readonly problems: string[];
  /** Tests that skipped as inconclusive where that is allowed: reported, not failed. */
  readonly unmeasured: string[];
}

/**
 * Whether `run` of a known-wrong solution caught it: every test whose name
 * contains a part of `mustFail` failed, and each part names a test. With
 * `mustDecide` (a wrong solution checked in the untimed stage, or any in a
 * lesson that is not timing-sensitive) a test skipped as inconclusive did not
 * catch it; otherwise it proves nothing either way and is only reported.
 */
export function judgeWrongRun(
  run: LessonRun,
  mustFail: readonly string[],
  mustDecide: boolean,
): WrongRunJudgement {
  const problems: string[] = [];
  for (const pattern of mustFail) {
    const matching = run.tests.filter((test) => test.name.includes(pattern));
    if (matching.length === 0 && run.ending === 'completed') {
      problems.push(`no test name contains "${pattern}"`);
    }
    for (const test of matching) {
      if (test.status === 'failed' || (!mustDecide && isInconclusive(test))) continue;
      problems.push(
        isInconclusive(test)
          ? `inconclusive (${firstLine(test.inconclusive ?? '')}), but a wrong solution checked in the untimed stage must be caught without measuring speed (or say "stage": "timed" in its expect.json): ${test.name}`
          : `${test.status}, but should fail: ${test.name}`,
      );
    }
  }
  const unmeasured = mustDecide
    ? []
    : run.tests
        .filter(isInconclusive)
        .map((test) => `not measured (${firstLine(test.inconclusive ?? '')}): ${test.name}`);
  return { problems, unmeasured };
}

/**
 * Whether the starter's `run` failed every graded test. `graded` is the tests
 * the reference solution passed; without it (the untimed stage, which does
 * not run the solution) every test the starter ran is graded, and a test it
 * skipped as inconclusive did not fail. A test missing from the run (its file
 * did not load) counts as failed, as the grader scores it.
 */
export function judgeStarterRun(
  run: LessonRun,
  graded: readonly string[] | undefined,
): { checked: number; notFailing: string[]; ran: boolean } {
  const byName = new Map(run.tests.map((test) => [test.name, test]));
  const names =
    graded ??
    run.tests.filter((test) => test.status !== 'skipped' || isInconclusive(test)).map((test) => test.name);
  const notFailing = names.flatMap((name) => {
    const test = byName.get(name);
    if (test === undefined || test.status === 'failed') return [];
    return [`${isInconclusive(test) ? 'inconclusive' : test.status} against the starter: ${name}`];
  });
  const ran = names.length > 0 || (graded === undefined && run.fileErrors.length > 0);
  return { checked: names.length, notFailing, ran };
}

/**
 * Runs the self-check of `lesson` (the part `stage` names, see
 * {@link VerifyStage}), and returns its findings in order.
 */
export async function verifyLesson(
  lesson: Lesson,
  onFinding: (finding: Finding) => void = () => {},
  stage: VerifyStage = 'all',
): Promise<Finding[]> {
  const findings: Finding[] = [];
  const report = (finding: Finding): void => {
    findings.push(finding);
    onFinding(finding);
  };
  const timeoutMs = lesson.meta.timeoutSeconds * 1000;
  const part = lesson.meta.timingSensitive ? stage : 'all';
  const untimedPart = part !== 'timed';
  const timedPart = part !== 'untimed';

  const structure = checkLessonStructure(lesson);
  report({ ok: structure.length === 0, title: 'lesson folder and contract', details: structure });
  if (structure.length > 0) return findings;

  // 1. The reference solution passes every test.
  let graded: string[] | undefined;
  if (timedPart) {
    const solved = await runLessonTestsPatiently(lesson.dir, {
      target: 'solution',
      timeoutMs,
      ...selfCheckSandbox(lesson.solutionDir),
    });
    const solvedFailures = solved.tests.filter((test) => test.status === 'failed');
    const solvedSkipped = solved.tests.filter((test) => test.status === 'skipped');
    const solvedOk =
      solved.ending === 'completed' &&
      solved.tests.length > 0 &&
      solvedFailures.length === 0 &&
      solved.fileErrors.length === 0;
    report({
      ok: solvedOk,
      title: `solution passes: ${solved.tests.length - solvedFailures.length - solvedSkipped.length}/${solved.tests.length} (${seconds(solved)})`,
      details: [
        ...whyNotPassed(solved, solvedFailures, timeoutMs),
        ...solvedSkipped.map(
          (test) => `skipped: ${test.name}${test.inconclusive ? ` (${firstLine(test.inconclusive)})` : ''}`,
        ),
      ],
    });
    graded = solved.tests.filter((test) => test.status === 'passed').map((test) => test.name);
  }

  // 2. The starter fails every test the solution passed: nothing passes by
  //    accident. Run without the solution (the untimed part), it must fail
  //    every test it runs, a test skipped as inconclusive included.
  if (untimedPart) {
    const starter = await runLessonTestsPatiently(lesson.dir, {
      target: 'starter',
      timeoutMs,
      ...selfCheckSandbox(lesson.dir),
    });
    const { checked, notFailing, ran } = judgeStarterRun(starter, graded);
    report({
      ok: notFailing.length === 0 && ran,
      title: `starter fails every graded test: ${checked - notFailing.length}/${checked} (${seconds(starter)})`,
      details: [...(ran ? [] : ['no test ran against the starter']), ...notFailing],
    });
  }

  // 3. Each known-wrong solution fails what it is meant to fail.
  for (const { name, folder, mistake, mustFail, stage: itsStage, problems: invalid } of wrongSolutions(
    lesson,
  )) {
    if (part !== 'all' && itsStage !== part) continue;
    if (invalid.length > 0) {
      report({
        ok: false,
        title: `wrong solution "${name}": its expect.json or ${MISTAKE_PATCH} is invalid`,
        details: [...invalid],
      });
      continue;
    }
    // Only the tests it must fail are run: the rest prove nothing about it,
    // and a timing lesson's other tests would cost a minute per wrong solution.
    const run = await runLessonTestsPatiently(lesson.dir, {
      target: folder,
      timeoutMs,
      testNamePattern: namePatternFor(mustFail),
      ...selfCheckSandbox(folder),
    });
    const { problems, unmeasured } = judgeWrongRun(
      run,
      mustFail,
      itsStage === 'untimed' || !lesson.meta.timingSensitive,
    );
    report({
      ok: problems.length === 0,
      title: `wrong solution "${name}" is caught (${mistake}; ${seconds(run)})`,
      details: [...problems, ...unmeasured],
    });
  }

  if (!timedPart) return findings;

  // 4. Correct solutions written another way (solutions/NN/other-ways/*)
  //    pass every test too: the tests check what the chapter asks, not how
  //    the reference happens to do it.
  for (const { name, folder, approach, problems } of otherWays(lesson)) {
    if (approach === undefined) {
      report({ ok: false, title: `other way "${name}": about.json is invalid`, details: [...problems] });
      continue;
    }
    const run = await runLessonTestsPatiently(lesson.dir, {
      target: folder,
      timeoutMs,
      ...selfCheckSandbox(folder),
    });
    const failures = run.tests.filter((test) => test.status === 'failed');
    const unmeasured = run.tests.filter(isInconclusive);
    const ok =
      run.ending === 'completed' &&
      run.fileErrors.length === 0 &&
      run.tests.length > 0 &&
      failures.length === 0;
    report({
      ok,
      title: `other way "${name}" passes (${approach}): ${run.tests.length - failures.length - unmeasured.length}/${run.tests.length} (${seconds(run)})`,
      details: [
        ...whyNotPassed(run, failures, timeoutMs),
        ...unmeasured.map((test) => `not measured (${firstLine(test.inconclusive ?? '')}): ${test.name}`),
      ],
    });
  }

  // 5. A timing lesson's verdicts are fair on smaller machines: under a CPU
  //    quota or pinned to one CPU, the solution passes every test or hears
  //    "inconclusive" with the reason — it never fails.
  if (lesson.meta.timingSensitive) {
    for (const constraint of PROVING_CONSTRAINTS) {
      report(await verifyUnderConstraint(lesson, constraint, timeoutMs));
    }
  }
  return findings;
}

/** The solution's run under `constraint`, as a finding. */
async function verifyUnderConstraint(
  lesson: Lesson,
  constraint: MachineConstraint,
  timeoutMs: number,
): Promise<Finding> {
  const where = describeConstraint(constraint);
  const unavailable = whyNotAvailable(constraint);
  if (unavailable !== undefined) {
    // CI runs as root on Linux: there the proof must not be skipped quietly.
    const required = process.env['CI'] === 'true' && process.getuid?.() === 0;
    return {
      ok: !required,
      title: `solution ${where}: ${required ? 'could not be run' : 'skipped'} (${unavailable})`,
      details: [],
    };
  }
  const run = await runLessonTests(lesson.dir, {
    target: 'solution',
    timeoutMs,
    constraint,
    ...selfCheckSandbox(lesson.solutionDir),
  });
  const failures = run.tests.filter((test) => test.status === 'failed');
  const unmeasured = run.tests.filter(isInconclusive);
  const passed = run.tests.filter((test) => test.status === 'passed').length;
  const ok = run.ending === 'completed' && run.fileErrors.length === 0 && failures.length === 0 && passed > 0;
  return {
    ok,
    title: `solution ${where}: ${passed} passed, ${unmeasured.length} inconclusive, ${failures.length} failed (${seconds(run)})`,
    details: [
      ...whyNotPassed(run, failures, timeoutMs),
      ...unmeasured.map(
        (test) =>
          `inconclusive: ${test.name} (${firstLine(test.inconclusive ?? '').replace(/^inconclusive:\s*/, '')})`,
      ),
    ],
  };
}
