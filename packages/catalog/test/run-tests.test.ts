import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { readResultStream, runLessonTests } from '../src/run-tests.ts';

const lessons = path.join(import.meta.dirname, 'fixtures', 'course', 'lessons');

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
