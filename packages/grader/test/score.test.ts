import type { Lesson, LessonRun } from '@spellbook/catalog';
import { expect, test } from 'vitest';
import { scoreLesson } from '../src/score.ts';

const lesson = { id: '05-the-copying-spell', meta: { points: 20 } } as unknown as Lesson;
const reason =
  "inconclusive: this machine gave the test kit's own copies only 0.97× (a parallel verdict needs 1.30×): this process may use 1 CPU (a CPU quota: cgroup v1 /sys/fs/cgroup/cpu/q/cpu.cfs_quota_us).\nthe figures …";
const run: LessonRun = {
  ending: 'completed',
  exitCode: 0,
  signal: null,
  tests: [
    { file: 'test/a.test.ts', name: 'sums > the right answer', status: 'passed' },
    {
      file: 'test/a.test.ts',
      name: 'sums > is faster than one thread',
      status: 'skipped',
      inconclusive: reason,
    },
  ],
  fileErrors: [],
  provisional: 0,
  stderrTail: '',
  wallMs: 1_000,
  processGroup: undefined,
};
const expected = run.tests.map((t) => ({ key: `${t.file}::${t.name}`, name: t.name, hidden: false }));

test('redistribute: an inconclusive timing test is not counted, and the lesson report says which and why', () => {
  const report = scoreLesson(lesson, expected, run, 60, [], { policy: 'redistribute' });
  expect([report.score, report.maxScore, report.status, report.needsRegrading]).toEqual([
    20,
    20,
    'passed',
    undefined,
  ]);
  expect(report.tests.map((t) => [t.status, t.score, t.maxScore])).toEqual([
    ['passed', 20, 20],
    ['skipped', 0, 0],
  ]);
  expect(report.inconclusive).toEqual([
    { name: 'sums > is faster than one thread', reason: reason.slice(14) },
  ]);
  expect(report.inconclusivePolicy).toBe('redistribute');
  expect(report.warnings).toEqual([
    "1 timing test(s) gave no verdict on this machine, and were not counted (their points went to the lesson's other tests): " +
      "sums > is faster than one thread — this machine gave the test kit's own copies only 0.97× (a parallel verdict needs 1.30×): this process may use 1 CPU (a CPU quota: cgroup v1 /sys/fs/cgroup/cpu/q/cpu.cfs_quota_us). " +
      'Grade again on a machine with 2 or more free cores to measure them.',
  ]);
});

test('zero: the inconclusive test keeps its share and scores 0', () => {
  const report = scoreLesson(lesson, expected, run, 60, [], { policy: 'zero' });
  expect([report.score, report.maxScore, report.needsRegrading]).toEqual([10, 20, undefined]);
  expect(report.tests.map((t) => [t.status, t.score, t.maxScore])).toEqual([
    ['passed', 10, 10],
    ['skipped', 0, 10],
  ]);
  expect(report.warnings?.[0]).toMatch(/^1 timing test\(s\) gave no verdict on this machine, and scored 0 /);
});

test('defer (the default): the lesson earns nothing until graded again, and says it needs regrading', () => {
  for (const report of [
    scoreLesson(lesson, expected, run, 60),
    scoreLesson(lesson, expected, run, 60, [], { policy: 'defer' }),
  ]) {
    expect([report.score, report.maxScore, report.needsRegrading]).toEqual([0, 20, true]);
    // The tests still show what they saw, and what each would be worth.
    expect(report.tests.map((t) => [t.status, t.score, t.maxScore])).toEqual([
      ['passed', 0, 10],
      ['skipped', 0, 10],
    ]);
    expect(report.warnings?.[0]).toMatch(/so this lesson needs regrading: it earns no points until/);
  }
  // With every test judged, nothing is held back.
  const judged: LessonRun = { ...run, tests: run.tests.slice(0, 1) };
  const report = scoreLesson(lesson, expected.slice(0, 1), judged, 60);
  expect([report.score, report.needsRegrading]).toEqual([20, undefined]);
});
