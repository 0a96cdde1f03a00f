/**
 * The GitHub Actions example (examples/github-actions/grade-class.yml): linted
 * by actionlint, held to the grader's own options, hardened for jobs that run
 * student code, and its way of moving the class (one tarball) run for real on
 * a class with a link to the reference solution in it.
 */
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { gradeArgs } from '../src/commands/grade.ts';
import { mergeArgs } from '../src/commands/merge.ts';
import type { SubmissionReport } from '../src/model.ts';
import { actionlint, course, grader, makeClass, starsFile } from './helpers.ts';

const file = path.join(import.meta.dirname, '..', 'examples', 'github-actions', 'grade-class.yml');
const text = readFileSync(file, 'utf8');

interface Step {
  readonly name?: string;
  readonly id?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly with?: Record<string, string | number | boolean>;
  readonly env?: Record<string, string>;
}
interface Job {
  readonly needs?: string;
  readonly 'timeout-minutes'?: number;
  readonly strategy?: { readonly 'fail-fast'?: boolean; readonly matrix?: Record<string, unknown> };
  readonly steps: readonly Step[];
}
interface Workflow {
  readonly on: Record<string, unknown>;
  readonly permissions: Record<string, string>;
  readonly jobs: Record<string, Job>;
}
const workflow = parse(text) as Workflow;
const jobs = workflow.jobs;
const allSteps = Object.values(jobs).flatMap((job) => job.steps);

/** The step of `job` named `name`. */
function step(job: string, name: string): Step {
  const found = jobs[job]?.steps.find((s) => s.name === name);
  expect(found, `${job} has a step named "${name}"`).toBeDefined();
  return found as Step;
}

/** The steps of `job` that use the action `action` (owner/name, or owner/name/path). */
const using = (job: string, action: string): Step[] =>
  (jobs[job]?.steps ?? []).filter((s) => s.uses?.split('@')[0] === action);

/** Each `pnpm grade …` command, on one line. */
const gradeCommands = (): string[] =>
  allSteps
    .map((s) => s.run?.replace(/\s+/g, ' ').trim())
    .filter((run): run is string => run?.startsWith('pnpm grade') ?? false);

const optionsOf = (command: string): string[] =>
  [...command.matchAll(/(?:^|\s)--([\w-]+)/g)].map((match) => match[1] ?? '');

/** Runs a step's shell script as GitHub's runner would (bash -e), with `env`. */
function runStep(script: string, env: Record<string, string>): void {
  const result = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
  expect(result.status, `${script}\n${result.stderr}`).toBe(0);
}

const scratch = mkdtempSync(path.join(tmpdir(), 'spellbook-actions-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('the GitHub Actions example', () => {
  test('passes actionlint', () => {
    const lint = actionlint(file);
    expect(lint.status, lint.output).toBe(0);
  });

  test('runs on demand, reads only, and prepares, grades in shards, then merges', () => {
    expect(Object.keys(workflow.on)).toEqual(['workflow_dispatch']);
    expect(workflow.permissions).toEqual({ contents: 'read' });
    expect(Object.keys(jobs)).toEqual(['prepare', 'grade', 'merge']);
    expect(jobs.grade?.needs).toBe('prepare');
    expect(jobs.merge?.needs).toBe('grade');
    expect(jobs.grade?.strategy).toEqual({
      'fail-fast': false,
      matrix: { shard: '${{ fromJSON(needs.prepare.outputs.shards) }}' },
    });
  });

  test('pins every action to a full commit SHA, with its release in a comment', () => {
    const lines = text.split('\n').filter((line) => /^\s*- uses: /.test(line));
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).toMatch(/uses: [\w.-]+\/[\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/);
  });

  test('keeps no token, on the Node of .node-version, in every job', () => {
    for (const [name, job] of Object.entries(jobs)) {
      expect(using(name, 'actions/checkout'), name).toEqual([
        expect.objectContaining({ with: { 'persist-credentials': false } }),
      ]);
      expect(using(name, 'actions/setup-node'), name).toEqual([
        expect.objectContaining({
          with: { 'node-version-file': '.node-version', 'package-manager-cache': false },
        }),
      ]);
      expect(job['timeout-minutes'], name).toBeGreaterThan(0);
    }
  });

  test('saves pnpm’s cache only in prepare; the jobs that run student code only restore it', () => {
    expect(using('prepare', 'actions/cache')).toHaveLength(1);
    for (const name of ['grade', 'merge']) {
      expect(using(name, 'actions/cache'), name).toEqual([]);
      expect(using(name, 'actions/cache/restore'), name).toHaveLength(1);
      // Neither may setup-node save one of its own.
      for (const s of using(name, 'actions/setup-node')) expect(s.with?.cache, name).toBeUndefined();
    }
    const [saved] = using('prepare', 'actions/cache');
    const [restored] = using('grade', 'actions/cache/restore');
    expect(restored?.with).toEqual(saved?.with);
  });

  test('uploads with overwrite, and keeps the class and shards a week for “Re-run failed jobs”', () => {
    const uploads = Object.keys(jobs).flatMap((name) => using(name, 'actions/upload-artifact'));
    expect(uploads).toHaveLength(3);
    for (const upload of uploads) expect(upload.with?.overwrite, String(upload.with?.name)).toBe(true);
    const [classUpload] = using('prepare', 'actions/upload-artifact');
    const [shardUpload] = using('grade', 'actions/upload-artifact');
    expect(classUpload?.with).toMatchObject({ name: 'class', path: '${{ runner.temp }}/class.tar' });
    expect(classUpload?.with?.['retention-days']).toBeGreaterThanOrEqual(7);
    expect(shardUpload?.with?.['retention-days']).toBeGreaterThanOrEqual(7);
  });

  test('each shard grades its slice into shard-N.json and the merge joins them, on the run’s summary', () => {
    const [shard, merge, ...rest] = gradeCommands();
    expect(rest).toEqual([]);
    expect(shard).toContain('--shard ${{ matrix.shard }}/${{ strategy.job-total }}');
    expect(shard).toContain('--json shard-${{ matrix.shard }}.json');
    expect(using('grade', 'actions/upload-artifact')[0]?.with?.path).toBe('shard-${{ matrix.shard }}.json');
    expect(merge).toBe('pnpm grade merge shard-*.json --json class.json --csv class.csv --markdown class.md');
    expect(step('merge', 'Summary').run).toBe('cat class.md >> "$GITHUB_STEP_SUMMARY"');
  });

  test("uses only options the grader has (grade's and merge's own definitions)", () => {
    const [shard = '', merge = ''] = gradeCommands();
    expect(optionsOf(shard).filter((option) => !Object.hasOwn(gradeArgs, option))).toEqual([]);
    expect(optionsOf(merge).filter((option) => !Object.hasOwn(mergeArgs, option))).toEqual([]);
  });

  test('moves the class as one tarball: a link to the solution stays a link, and the grader refuses it', () => {
    // prepare's machine: the class as "Gather the class" leaves it.
    const prepareTemp = path.join(scratch, 'prepare');
    const classDir = makeClass(prepareTemp, { alice: 'passing', mallory: 'passing' });
    const linked = starsFile(classDir, 'mallory');
    rmSync(linked);
    const solution = path.join(course, 'solutions', '01-counting-stars', 'src', 'stars.ts');
    symlinkSync(solution, linked);
    writeFileSync(path.join(classDir, 'alice', '.notes'), 'a dotfile\n');

    runStep(step('prepare', 'Pack the class').run ?? '', { RUNNER_TEMP: prepareTemp });

    // A grading job's machine: the artifact holds the tarball, downloaded into its RUNNER_TEMP.
    const gradeTemp = path.join(scratch, 'grade');
    mkdirSync(gradeTemp, { recursive: true });
    copyFileSync(path.join(prepareTemp, 'class.tar'), path.join(gradeTemp, 'class.tar'));
    runStep(step('grade', 'Unpack the class').run ?? '', { RUNNER_TEMP: gradeTemp });

    const arrived = path.join(gradeTemp, 'class');
    expect(lstatSync(starsFile(arrived, 'mallory')).isSymbolicLink()).toBe(true);
    expect(readFileSync(path.join(arrived, 'alice', '.notes'), 'utf8')).toBe('a dotfile\n');

    const report = path.join(scratch, 'class.json');
    const run = grader(['--submissions', arrived, '--lessons', '01', '--json', report]);
    expect(run.status, run.stderr).not.toBe(2);
    const graded = JSON.parse(readFileSync(report, 'utf8')) as { submissions: SubmissionReport[] };
    const lessonOf = (student: string) =>
      graded.submissions.find((s) => s.id === student)?.lessons.find((l) => l.id === '01-counting-stars');
    expect(lessonOf('alice')).toMatchObject({ score: lessonOf('alice')?.maxScore, status: 'passed' });
    const mallory = lessonOf('mallory');
    expect(mallory?.score).toBe(0);
    expect(mallory?.warnings).toContain('src/stars.ts is a symbolic link and was left out');
  }, 120_000);
});
