import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ClassRun } from '../src/class-run.ts';
import type { SubmissionReport } from '../src/model.ts';
import { parseShard, pickShard, resolveShard } from '../src/shard.ts';
import { grader, makeClass } from './helpers.ts';

const root = mkdtempSync(path.join(tmpdir(), 'merge-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const klass = makeClass(root, { ann: 'passing', ben: 'failing', cat: 'missing-lesson' });
const file = (name: string): string => path.join(root, name);
/** A class report as written, shape and run included. */
interface ClassJson {
  schemaVersion?: number;
  run?: ClassRun;
  submissions: SubmissionReport[];
}
const readJson = (name: string): ClassJson => JSON.parse(readFileSync(file(name), 'utf8')) as ClassJson;
const readClass = (name: string): SubmissionReport[] => readJson(name).submissions;

/** What a grade is, without the words: ids, statuses and points. */
const scores = (reports: readonly SubmissionReport[]) =>
  reports.map((report) => ({
    id: report.id,
    score: report.score,
    maxScore: report.maxScore,
    lessons: report.lessons.map((lesson) => ({
      id: lesson.id,
      status: lesson.status,
      score: lesson.score,
      tests: lesson.tests.map((test) => [test.name, test.status, test.score, test.maxScore]),
    })),
  }));

describe('--shard', () => {
  test('slices are round-robin over sorted ids and cover a class exactly once', () => {
    const ids = ['e', 'a', 'd', 'b', 'c', 'f', 'g'].map((id) => ({ id }));
    expect(pickShard(ids, { index: 1, count: 3 }).map((item) => item.id)).toEqual(['a', 'd', 'g']);
    for (let count = 1; count <= 8; count++) {
      const slices = Array.from({ length: count }, (_, i) => pickShard(ids, { index: i + 1, count }));
      expect(
        slices
          .flat()
          .map((item) => item.id)
          .sort(),
      ).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g']);
      expect(
        Math.max(...slices.map((s) => s.length)) - Math.min(...slices.map((s) => s.length)),
      ).toBeLessThanOrEqual(1);
    }
  });

  test.each(['0/2', '3/2', '1/0', 'two', '1/2/3', ''])('%j is refused', (value) => {
    expect(() => parseShard(value)).toThrow(/--shard must be I\/N/);
  });

  describe("--shard auto: the slice from the job's environment", () => {
    test.each([
      [
        'GitLab CI, counting from 1',
        { CI_NODE_INDEX: '2', CI_NODE_TOTAL: '4' },
        'auto',
        { index: 2, count: 4 },
      ],
      [
        'CircleCI, counting from 0',
        { CIRCLE_NODE_INDEX: '0', CIRCLE_NODE_TOTAL: '3' },
        'auto',
        { index: 1, count: 3 },
      ],
      [
        'Buildkite, counting from 0',
        { BUILDKITE_PARALLEL_JOB: '4', BUILDKITE_PARALLEL_JOB_COUNT: '5' },
        'auto',
        { index: 5, count: 5 },
      ],
      [
        'a Kubernetes Indexed Job, with its count given',
        { JOB_COMPLETION_INDEX: '6' },
        'auto/8',
        { index: 7, count: 8 },
      ],
      [
        'a count that agrees with the environment',
        { CI_NODE_INDEX: '1', CI_NODE_TOTAL: '2' },
        'auto/2',
        { index: 1, count: 2 },
      ],
    ])('%s', (_name, env, value, shard) => {
      expect(resolveShard(value, env)?.shard).toEqual(shard);
    });

    test.each([
      ['no index anywhere', {}, 'auto', /found no job index in the environment .*give --shard I\/N/],
      ['a Kubernetes index without the count', { JOB_COMPLETION_INDEX: '0' }, 'auto', /give --shard auto\/N/],
      ['a count that disagrees', { CI_NODE_INDEX: '1', CI_NODE_TOTAL: '2' }, 'auto/3', /say 2 jobs/],
      ['an index past the count', { JOB_COMPLETION_INDEX: '8' }, 'auto/8', /no slice I\/N/],
      [
        'an index that is not a number',
        { CIRCLE_NODE_INDEX: 'x', CIRCLE_NODE_TOTAL: '2' },
        'auto',
        /no slice I\/N/,
      ],
    ])('refuses %s', (_name, env, value, message) => {
      expect(() => resolveShard(value, env)).toThrow(message);
    });

    test('I/N is read as before, and nothing given is no shard', () => {
      expect(resolveShard('2/4', { CI_NODE_INDEX: '1', CI_NODE_TOTAL: '4' })).toEqual({
        shard: { index: 2, count: 4 },
      });
      expect(resolveShard(undefined, { CI_NODE_INDEX: '1', CI_NODE_TOTAL: '4' })).toBeUndefined();
    });
  });
});

describe('a class graded in two shards, then merged', () => {
  beforeAll(() => {
    // The whole class in one run (into a gradebook, for export), then the two halves.
    const whole = grader([
      '--submissions',
      klass,
      '--lessons',
      '01',
      '--json',
      file('whole.json'),
      '--db',
      file('whole.db'),
    ]);
    expect(whole.status, whole.stderr).toBe(0);
    for (const index of [1, 2]) {
      const shard = grader([
        '--submissions',
        klass,
        '--lessons',
        '01',
        '--shard',
        `${index}/2`,
        '--json',
        file(`shard${index}.json`),
      ]);
      expect(shard.status, shard.stderr).toBe(0);
      expect(shard.stderr).toContain(`shard ${index}/2: ${index === 1 ? 2 : 1} of 3 submissions`);
    }
  }, 240_000);

  test('--shard 1/2 and 2/2 grade every submission exactly once', () => {
    const first = readClass('shard1.json').map((report) => report.id);
    const second = readClass('shard2.json').map((report) => report.id);
    expect(first).toEqual(['ann', 'cat']);
    expect(second).toEqual(['ben']);
  });

  test('a class report says its shape, its slice, the whole class it was cut from, the commit and the machine', () => {
    const { schemaVersion, run } = readJson('shard2.json');
    expect(schemaVersion).toBe(2);
    expect(run).toMatchObject({
      shard: { index: 2, count: 2 },
      roster: { size: 3, hash: expect.stringMatching(/^sha256:[0-9a-f]{16}$/) as unknown },
      inconclusive: 'defer',
      machines: [{ shard: { index: 2, count: 2 }, nodeVersion: process.version }],
    });
    expect(run?.courseCommit).toBe(readJson('whole.json').run?.courseCommit);
    expect(run?.roster).toEqual(readJson('whole.json').run?.roster);
    expect(readJson('whole.json').run?.shard).toBeNull();
  });

  test('the merged report scores what grading the whole class scores', () => {
    const result = grader([
      'merge',
      file('shard1.json'),
      file('shard2.json'),
      '--json',
      file('merged.json'),
      '--csv',
      file('merged.csv'),
      '--markdown',
      file('merged.md'),
    ]);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toContain('merged 3 submission(s) from 2 report(s)');
    expect(scores(readClass('merged.json'))).toEqual(scores(readClass('whole.json')));
    // The merged class is whole, and keeps the machine of each shard.
    const { run } = readJson('merged.json');
    expect(run?.shard).toBeNull();
    expect(run?.roster).toEqual(readJson('whole.json').run?.roster);
    expect(run?.machines.map((machine) => machine.shard)).toEqual([
      { index: 1, count: 2 },
      { index: 2, count: 2 },
    ]);
    // The whole class in one table, for the class workflow's run summary.
    expect(readFileSync(file('merged.md'), 'utf8')).toContain(
      '| student | 01 | total |\n| --- | ---: | ---: |\n| ann | 10 | 10 / 10 |\n| ben | 3.33 | 3.33 / 10 |\n| cat | 0 | 0 / 10 |\n',
    );
  });

  test("the merged CSV is export's CSV of the whole class", () => {
    const exported = grader(['export', '--db', file('whole.db'), '--csv', file('whole.csv')]);
    expect(exported.status, exported.stderr).toBe(0);
    expect(readFileSync(file('merged.csv'), 'utf8')).toBe(readFileSync(file('whole.csv'), 'utf8'));
    expect(readFileSync(file('merged.csv'), 'utf8')).toBe(
      'student,01-counting-stars,total,max\r\nann,10,10,10\r\nben,3.3333,3.3333,10\r\ncat,0,0,10\r\n',
    );
  });

  test('a shard with no submissions writes an empty class report, which merges', () => {
    const empty = grader([
      '--submissions',
      klass,
      '--lessons',
      '01',
      '--shard',
      '4/4',
      '--json',
      file('shard4of4.json'),
    ]);
    expect(empty.status, empty.stderr).toBe(0);
    expect(readClass('shard4of4.json')).toEqual([]);
    // Slices 1/4 to 3/4 (one student each), cut from the whole class's report:
    // this test is about merging, and grading each would only repeat it.
    const whole = readJson('whole.json');
    for (const [i, submission] of whole.submissions.entries()) {
      const shard = { index: i + 1, count: 4 };
      const run = {
        ...whole.run,
        shard,
        machines: whole.run?.machines.map((machine) => ({ ...machine, shard })),
      };
      writeFileSync(
        file(`shard${i + 1}of4.json`),
        JSON.stringify({ ...whole, run, submissions: [submission] }),
      );
    }
    const merged = grader([
      'merge',
      ...[1, 2, 3, 4].map((index) => file(`shard${index}of4.json`)),
      '--json',
      file('with-empty.json'),
    ]);
    expect(merged.status, merged.stderr).toBe(0);
    expect(readClass('with-empty.json').map((report) => report.id)).toEqual(['ann', 'ben', 'cat']);
  });

  describe('refuses, with one line and nothing written,', () => {
    const out = file('refused.json');
    writeFileSync(file('single.json'), JSON.stringify({ score: 1, maxScore: 2, lessons: [] }));
    writeFileSync(file('garbage.json'), 'not json at all');
    writeFileSync(
      file('odd.json'),
      JSON.stringify({ submissions: [{ id: 'x', score: 'ten', maxScore: 10 }] }),
    );
    /** A copy of `name` with its run changed by `change`. */
    const altered = (name: string, as: string, change: (run: ClassRun) => object): string => {
      const report = readJson(name);
      writeFileSync(file(as), JSON.stringify({ ...report, run: change(report.run as ClassRun) }));
      return file(as);
    };
    /** A report of shape 1, as an older grader wrote it: no schemaVersion, no run. */
    const shapeOne = (name: string, as: string): string => {
      writeFileSync(file(as), JSON.stringify({ submissions: readJson(name).submissions }));
      return file(as);
    };

    test.each([
      [
        'a missing shard',
        () => [file('shard1.json')],
        /shard 2\/2 is missing: give the reports of all 2 shards/,
      ],
      [
        'a shard given twice',
        () => [
          file('shard1.json'),
          file('shard2.json'),
          altered('shard1.json', 'shard1-again.json', (run) => run),
        ],
        /shard 1\/2 is in both .*shard1\.json and .*shard1-again\.json/,
      ],
      [
        'shards graded from two commits',
        () => [
          file('shard1.json'),
          altered('shard2.json', 'shard2-other-commit.json', (run) => ({
            ...run,
            courseCommit: 'f'.repeat(40),
          })),
        ],
        /graded the course at commit .* but .* at ffffffffffff: grade every shard from one commit/,
      ],
      [
        'shards scored by two inconclusive policies',
        () => [
          file('shard1.json'),
          altered('shard2.json', 'shard2-other-policy.json', (run) => ({
            ...run,
            inconclusive: 'redistribute',
          })),
        ],
        /scored tests with no verdict by --inconclusive defer but .* by redistribute: grade every shard with one policy/,
      ],
      [
        'shards cut from two classes',
        () => [
          file('shard1.json'),
          altered('shard2.json', 'shard2-other-class.json', (run) => ({
            ...run,
            roster: { size: 4, hash: 'sha256:0000000000000000' },
          })),
        ],
        /were cut from different classes \(3 and 4 submissions\)/,
      ],
      [
        'shards of two different cuts',
        () => [file('shard1.json'), file('shard4of4.json')],
        /is shard 1\/2 but .* is shard 4\/4/,
      ],
      [
        'a whole class beside a shard',
        () => [file('shard1.json'), file('whole.json')],
        /whole\.json holds a whole class, not a shard/,
      ],
      [
        "an older grader's report beside a shard",
        () => [file('shard1.json'), shapeOne('shard2.json', 'shard2-shape-one.json')],
        /shard2-shape-one\.json does not say which shard it is/,
      ],
      [
        "a student in two of an older grader's reports",
        () => [shapeOne('shard1.json', 'old1.json'), shapeOne('whole.json', 'old-whole.json')],
        /student ann is in both/,
      ],
      [
        "a newer grader's report",
        () => {
          writeFileSync(
            file('newer.json'),
            JSON.stringify({ ...readJson('shard1.json'), schemaVersion: 99 }),
          );
          return [file('newer.json')];
        },
        /written by a newer grader \(class report shape 99/,
      ],
      [
        'the same report twice',
        () => [file('shard2.json'), file('shard2.json')],
        /shard2\.json is given twice/,
      ],
      [
        'a one-submission report',
        () => [file('shard1.json'), file('single.json')],
        /a one-submission report/,
      ],
      ['a file that is not JSON', () => [file('garbage.json')], /not a class report \(not JSON/],
      ['a report of the wrong shape', () => [file('odd.json')], /submissions\[0\] has no score/],
      ['a missing file', () => [file('shard1.json'), file('nope.json')], /nope\.json: no such file/],
      ['no reports at all', () => [], /no reports to merge/],
    ])('%s', (_name, inputs, message) => {
      const result = grader(['merge', ...inputs(), '--json', out, '--csv', file('refused.csv')]);
      expect(result.status, result.stderr).toBe(2);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toMatch(message);
      expect(existsSync(out)).toBe(false);
      expect(existsSync(file('refused.csv'))).toBe(false);
    });
  });
});
