import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { SubmissionReport } from '../src/model.ts';
import { parseShard, pickShard } from '../src/shard.ts';
import { grader, makeClass } from './helpers.ts';

const root = mkdtempSync(path.join(tmpdir(), 'merge-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const klass = makeClass(root, { ann: 'passing', ben: 'failing', cat: 'missing-lesson' });
const file = (name: string): string => path.join(root, name);
const readClass = (name: string): SubmissionReport[] =>
  (JSON.parse(readFileSync(file(name), 'utf8')) as { submissions: SubmissionReport[] }).submissions;

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
      file('shard4.json'),
    ]);
    expect(empty.status, empty.stderr).toBe(0);
    expect(readClass('shard4.json')).toEqual([]);
    const merged = grader([
      'merge',
      file('shard1.json'),
      file('shard4.json'),
      '--json',
      file('with-empty.json'),
    ]);
    expect(merged.status, merged.stderr).toBe(0);
    expect(readClass('with-empty.json').map((report) => report.id)).toEqual(['ann', 'cat']);
  });

  describe('refuses, with one line and nothing written,', () => {
    const out = file('refused.json');
    writeFileSync(file('single.json'), JSON.stringify({ score: 1, maxScore: 2, lessons: [] }));
    writeFileSync(file('garbage.json'), 'not json at all');
    writeFileSync(
      file('odd.json'),
      JSON.stringify({ submissions: [{ id: 'x', score: 'ten', maxScore: 10 }] }),
    );

    test.each([
      ['a student in two shards', () => [file('shard1.json'), file('whole.json')], /student ann is in both/],
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
