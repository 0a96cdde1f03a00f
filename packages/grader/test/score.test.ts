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

test('an inconclusive timing test is not counted, and the lesson report says which and why', () => {
  const report = scoreLesson(lesson, expected, run, 60);
  expect([report.score, report.maxScore, report.status]).toEqual([20, 20, 'passed']);
  expect(report.tests.map((t) => [t.status, t.score, t.maxScore])).toEqual([
    ['passed', 20, 20],
    ['skipped', 0, 0],
  ]);
  expect(report.inconclusive).toEqual([
    { name: 'sums > is faster than one thread', reason: reason.slice(14) },
  ]);
  expect(report.warnings).toEqual([
    "1 timing test(s) gave no verdict on this machine and were not counted (their points went to the lesson's other tests): " +
      "sums > is faster than one thread — this machine gave the test kit's own copies only 0.97× (a parallel verdict needs 1.30×): this process may use 1 CPU (a CPU quota: cgroup v1 /sys/fs/cgroup/cpu/q/cpu.cfs_quota_us). " +
      'Grade again on a machine with 2 or more free cores to measure them.',
  ]);
});
