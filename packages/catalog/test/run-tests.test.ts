import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { readRunSettings, RUN_VARIABLES, runEnvironment } from '../src/run-contract.mjs';
import {
  describeEnding,
  isHiddenTest,
  listLessonTests,
  patternForTests,
  readResultStream,
  runLessonTests,
  runLessonTestsPatiently,
  testKey,
} from '../src/run-tests.ts';

const lessons = path.join(import.meta.dirname, 'fixtures', 'course', 'lessons');
/** A lesson outside the fixture course, whose measuring test is inconclusive until its third attempt. */
const cloudySky = path.join(import.meta.dirname, 'fixtures', 'cloudy-sky');

/**
 * The processes still running in process group `group`. Zombies (state Z) are
 * left out: they have exited and only wait for the container's init to reap them.
 */
function processesInGroup(group: number | undefined): string[] {
  const listing = execFileSync('ps', ['-eo', 'pgid=,stat=,pid=,args='], { encoding: 'utf8' });
  return listing.split('\n').filter((line) => {
    const [pgid, stat] = line.trim().split(/\s+/);
    return Number(pgid) === group && !stat?.startsWith('Z');
  });
}

describe('running a lesson in its own process group', () => {
  test('reports each test by its full name and status, with the failure message', async () => {
    const run = await runLessonTests(path.join(lessons, '01-counting-stars'), { timeoutMs: 30_000 });
    expect(run.ending).toBe('completed');
    expect(run.processGroup).toBeGreaterThan(0);
    expect(processesInGroup(run.processGroup)).toEqual([]);
    expect(run.tests.map(({ name, status }) => ({ name, status }))).toEqual([
      { name: 'one plus one', status: 'passed' },
      { name: 'a wish that fails', status: 'failed' },
    ]);
    expect(run.tests[1]?.message).toContain('wishes are not granted in fixtures');
  });

  test('stops a synchronous infinite loop at the time limit and leaves no process behind', async () => {
    const lessonDir = path.join(lessons, '02-endless-night');
    const started = performance.now();
    const run = await runLessonTests(lessonDir, { timeoutMs: 4_000 });
    const elapsed = performance.now() - started;

    expect(run.ending).toBe('timeout');
    // The test that finished before the endless one keeps its result.
    expect(run.tests.map(({ name, status }) => ({ name, status }))).toEqual([
      { name: 'dawn comes', status: 'passed' },
    ]);
    expect(elapsed).toBeLessThan(4_000 + 3_000);
    // Give the kernel a moment to reap, then look for survivors of the group.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(processesInGroup(run.processGroup)).toEqual([]);
  });
});

describe('a patient run', () => {
  test('runs again only the tests the machine was too busy to measure, and keeps the others', async () => {
    const target = mkdtempSync(path.join(tmpdir(), 'spellbook-cloudy-'));
    try {
      const run = await runLessonTestsPatiently(cloudySky, {
        target,
        timeoutMs: 30_000,
      });
      expect(run.attempts).toBe(3);
      expect(run.ending).toBe('completed');
      expect(run.tests.map(({ name, status, inconclusive }) => ({ name, status, inconclusive }))).toEqual([
        { name: 'the moon, plainly', status: 'passed', inconclusive: undefined },
        { name: 'the sky > the stars, through clouds', status: 'passed', inconclusive: undefined },
      ]);
      // The first attempt ran both tests; the two others only the cloudy one.
      expect(readFileSync(path.join(target, 'attempts.log'), 'utf8').trim().split('\n')).toEqual([
        'the moon, plainly',
        'the stars, through clouds',
        'the stars, through clouds',
        'the stars, through clouds',
      ]);
    } finally {
      rmSync(target, { recursive: true, force: true });
    }
  });

  test('gives up after its attempts, with the test still inconclusive', async () => {
    const target = mkdtempSync(path.join(tmpdir(), 'spellbook-cloudy-'));
    try {
      const run = await runLessonTestsPatiently(cloudySky, { target, timeoutMs: 30_000 }, 2);
      expect(run.attempts).toBe(2);
      expect(run.tests.find((test) => test.name.endsWith('through clouds'))?.inconclusive).toBe(
        'inconclusive: clouds',
      );
    } finally {
      rmSync(target, { recursive: true, force: true });
    }
  });

  test("a test's name is matched whole, in vitest's spelling, with its special characters taken literally", () => {
    const pattern = new RegExp(patternForTests(['the sky > the stars (2×)?']));
    expect(pattern.test('test/sky.test.ts the sky the stars (2×)?')).toBe(true);
    expect(pattern.test('test/sky.test.ts the sky the stars (2×)? again')).toBe(false);
    expect(pattern.test('test/sky.test.ts other the sky the stars 2')).toBe(false);
  });
});

describe('reading the results stream', () => {
  test('keeps inconclusive notes, file errors, and survives a line cut short by a kill', () => {
    const lessonDir = '/course/lessons/05-x';
    const lines = [
      {
        kind: 'test',
        file: `${lessonDir}/test/a.test.ts`,
        path: ['speed', 'is fast'],
        status: 'skipped',
        inconclusive: 'inconclusive: machine busy',
      },
      {
        kind: 'test',
        file: `${lessonDir}/test/a.test.ts`,
        path: ['is right'],
        status: 'passed',
        durationMs: 3,
      },
      { kind: 'file-error', file: `${lessonDir}/test/b.test.ts`, message: 'Cannot find module' },
    ].map((line) => JSON.stringify(line));
    const { tests, fileErrors, complete } = readResultStream(`${lines.join('\n')}\n{"kind":"te`, lessonDir);
    expect(tests).toEqual([
      {
        file: 'test/a.test.ts',
        name: 'speed > is fast',
        status: 'skipped',
        inconclusive: 'inconclusive: machine busy',
      },
      { file: 'test/a.test.ts', name: 'is right', status: 'passed', durationMs: 3 },
    ]);
    expect(fileErrors).toEqual([{ file: 'test/b.test.ts', message: 'Cannot find module' }]);
    expect(complete).toBe(false);
    expect(readResultStream('{"kind":"end"}\n', lessonDir).complete).toBe(true);
  });
});

test('what a run reports is plain text: no colour codes in names, messages, notes or file errors', () => {
  const lessonDir = '/course/lessons/05-x';
  const red = (text: string) => `\u001b[31m${text}\u001b[39m`;
  const lines = [
    {
      kind: 'test',
      file: `${lessonDir}/test/a.test.ts`,
      path: [red('sums'), 'right'],
      status: 'failed',
      message: `${red('expected 4')}\n  saw 3`,
    },
    {
      kind: 'test',
      file: `${lessonDir}/test/a.test.ts`,
      path: ['is fast'],
      status: 'skipped',
      inconclusive: '\u001b[2minconclusive: one CPU\u001b[22m',
    },
    { kind: 'file-error', file: `${lessonDir}/test/b.test.ts`, message: red('Cannot find module') },
  ].map((line) => JSON.stringify(line));
  const { tests, fileErrors } = readResultStream(lines.join('\n'), lessonDir);
  expect(tests).toEqual([
    { file: 'test/a.test.ts', name: 'sums > right', status: 'failed', message: 'expected 4\n  saw 3' },
    { file: 'test/a.test.ts', name: 'is fast', status: 'skipped', inconclusive: 'inconclusive: one CPU' },
  ]);
  expect(fileErrors).toEqual([{ file: 'test/b.test.ts', message: 'Cannot find module' }]);
});

describe('the run contract', () => {
  test('a run sets every variable it is given and inherits none it is not', () => {
    const inherited = {
      PATH: '/bin',
      COURSE_TARGET: 'solution',
      COURSE_EXTRA_TESTS: '/somewhere/hidden',
      SPELLBOOK_TS_WORKER_CACHE: '/stale',
    };
    const env = runEnvironment(
      { target: '/class/ada/lessons/01-x', forkExecArgv: ['--require', 'a.cjs'] },
      inherited,
    );
    expect(env['PATH']).toBe('/bin');
    expect(env[RUN_VARIABLES.target]).toBe('/class/ada/lessons/01-x');
    expect(env[RUN_VARIABLES.hiddenTests]).toBeUndefined();
    expect(env[RUN_VARIABLES.workerCache]).toBeUndefined();
    expect(readRunSettings(env)).toMatchObject({
      target: '/class/ada/lessons/01-x',
      forkExecArgv: ['--require', 'a.cjs'],
      setupFiles: [],
    });
    expect(() => readRunSettings({ [RUN_VARIABLES.forkExecArgv]: '{"not":"a list"}' })).toThrow(
      /SPELLBOOK_FORK_EXEC_ARGV must be a JSON array of strings/,
    );
  });

  test("a test's key is its stable file and full name, wherever the hidden tests' copy was", () => {
    const own = { file: 'test/sums.test.ts', name: 'sums > adds' };
    const hidden = { file: '.graded/x1-42/hidden/sums.test.ts', name: 'extra' };
    expect(testKey(own)).toBe('test/sums.test.ts::sums > adds');
    expect(testKey(hidden)).toBe('hidden/sums.test.ts::extra');
    expect([isHiddenTest(own), isHiddenTest(hidden)]).toEqual([false, true]);
    expect(testKey({ file: 'test\\windows.test.ts', name: 'a' })).toBe('test/windows.test.ts::a');
  });

  test('lists the tests without running them, under the same names a run reports', async () => {
    const lessonDir = path.join(lessons, '01-counting-stars');
    const listed = await listLessonTests(lessonDir);
    const run = await runLessonTests(lessonDir, { timeoutMs: 30_000 });
    expect(listed.map(testKey)).toEqual(run.tests.map(testKey));
  });

  test('a signal stops the run at once, with its whole process group: the run ends as cancelled', async () => {
    const controller = new AbortController();
    const started = performance.now();
    const running = runLessonTests(path.join(lessons, '02-endless-night'), {
      timeoutMs: 60_000,
      signal: controller.signal,
    });
    await new Promise((resolve) => setTimeout(resolve, 2_500)); // into the endless test
    controller.abort();
    const run = await running;
    expect(run.ending).toBe('cancelled');
    expect(performance.now() - started).toBeLessThan(2_500 + 3_000);
    expect(describeEnding(run)).toEqual({ kind: 'cancelled' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(processesInGroup(run.processGroup)).toEqual([]);
    // Already aborted: nothing starts.
    const never = await runLessonTests(path.join(lessons, '01-counting-stars'), {
      timeoutMs: 30_000,
      signal: controller.signal,
    });
    expect([never.ending, never.processGroup, never.tests]).toEqual(['cancelled', undefined, []]);
  });
});
