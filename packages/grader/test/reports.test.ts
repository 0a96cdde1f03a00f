/**
 * The Markdown report's measurements, from report objects (no grading run):
 * a student sees what their timing tests measured, never a hidden test's;
 * an instructor sees every speed test of the class beside its bar.
 */
import { describe, expect, test } from 'vitest';
import type { SubmissionReport, TestReport } from '../src/model.ts';
import { gradescopeReport, leaderboardOf } from '../src/reports/gradescope.ts';
import { CELL_MAX, markdownReport, STEP_SUMMARY_LIMIT } from '../src/reports/markdown.ts';

const speedTest = (speedup: number, extra: Partial<TestReport> = {}): TestReport => ({
  name: 'is faster with copies',
  status: speedup >= 1.5 ? 'passed' : 'failed',
  score: speedup >= 1.5 ? 5 : 0,
  maxScore: 5,
  measurements: [
    {
      text: `your copies: ${speedup}× as fast as one`,
      figures: [
        { name: 'speedup', value: speedup, unit: '×', reference: 1.9, bar: 1.5 },
        { name: 'effectiveCores', value: 2, unit: 'cores' },
      ],
    },
  ],
  ...extra,
});

const submission = (id: string, tests: TestReport[]): SubmissionReport => ({
  id,
  score: tests.reduce((sum, test) => sum + test.score, 0),
  maxScore: 5 * tests.length,
  lessons: [
    { id: '05-the-copying-spell', score: 0, maxScore: 5, status: 'passed', tests, durationMs: 12_345 },
  ],
});

describe('the Markdown report', () => {
  test("one submission: each lesson's time, and what its timing tests measured, hidden tests left out", () => {
    const text = markdownReport(
      [
        submission('wren', [
          speedTest(1.8),
          speedTest(1.2, {
            name: 'a hidden speed test',
            hidden: true,
            measurements: [{ text: 'secret', figures: [] }],
          }),
        ]),
      ],
      false,
    );
    expect(text).toContain('| 05-the-copying-spell | 0 / 5 | passed | 12.3 s |');
    expect(text).toContain(
      '## What the timing tests measured\n\n- **05-the-copying-spell** — your copies: 1.8× as fast as one',
    );
    expect(text).not.toContain('secret');
  });

  test('a class: every speed test with the kit’s figure, the bar and the cores, and which were near the bar', () => {
    const text = markdownReport(
      [submission('ash', [speedTest(1.55)]), submission('bo', [speedTest(1.9)])],
      true,
    );
    expect(text).toContain('## Speed tests');
    expect(text).toContain(
      '| ash | 05 | is faster with copies | passed | 1.55× | 1.90× | 1.50× | 2 | near |',
    );
    expect(text).toContain('| bo | 05 | is faster with copies | passed | 1.90× | 1.90× | 1.50× | 2 |  |');
  });

  test('a class with no speed tests has no such section', () => {
    const plain: TestReport = { name: 'sums', status: 'passed', score: 5, maxScore: 5 };
    expect(markdownReport([submission('ash', [plain])], true)).not.toContain('Speed tests');
  });

  test('one submission: a hidden test that did not pass is counted, never named or quoted', () => {
    const text = markdownReport(
      [
        submission('wren', [
          { name: 'sums', status: 'failed', score: 0, maxScore: 5, message: 'expected 4, saw 3' },
          {
            name: 'the moonlit sky',
            status: 'failed',
            score: 0,
            maxScore: 5,
            message: 'expected 17',
            hidden: true,
          },
        ]),
      ],
      false,
    );
    expect(text).toContain('- **05-the-copying-spell** — sums (failed): expected 4, saw 3');
    expect(text).toContain("- **05-the-copying-spell** — 1 of the instructor's hidden tests did not pass");
    expect(text).not.toMatch(/moonlit|expected 17/);
  });

  test('text from a submission cannot make markup: tags, emphasis, links and pipes show as written', () => {
    const name = '<details open>**bold** [x](http://evil) | `code` red &amp;';
    const text = markdownReport(
      [submission('a|b', [{ name, status: 'failed', score: 0, maxScore: 5, message: 'line one\nline two' }])],
      false,
    );
    expect(text).toContain(
      '- **05-the-copying-spell** — \\<details open\\>\\*\\*bold\\*\\* \\[x\\](http://evil) \\| \\`code\\` red \\&amp; (failed): line one',
    );
    const rows = markdownReport([submission('a|b', [speedTest(1.2, { name })])], true)
      .split('\n')
      .filter((line) => line.startsWith('| a'));
    // Every row of the class tables keeps its columns: no unescaped | from the submission.
    for (const row of rows) {
      expect(row.split(/(?<!\\)\|/).length, row).toBe(row.startsWith('| a\\|b | 05') ? 11 : 5);
    }
  });
});

describe("the Markdown report stays under GitHub's 1 MiB step-summary limit", () => {
  test('a class too large for it keeps every student in the table and leaves out speed rows, saying so', () => {
    const students = Array.from({ length: 3000 }, (_, i) => `student-${String(i).padStart(4, '0')}`);
    const tests = Array.from({ length: 3 }, (_, i) =>
      speedTest(1.6, { name: `speed test ${i} ${'x'.repeat(60)}` }),
    );
    const text = markdownReport(
      students.map((id) => submission(id, tests)),
      true,
    );
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(STEP_SUMMARY_LIMIT);
    for (const id of students) expect(text).toContain(`| ${id} | 0 |`);
    expect(text).toMatch(/_\d+ more line\(s\) left out, to keep this summary under GitHub's 1 MiB limit/);
  });

  test('a class that fits says nothing was left out', () => {
    const text = markdownReport([submission('ash', [speedTest(1.55)])], true);
    expect(text).not.toContain('left out');
  });

  test('a message of megabytes on one line shows its first characters only', () => {
    const huge = speedTest(1.0, { message: `expected more ${'x'.repeat(3_000_000)}` });
    const text = markdownReport([submission('ash', [huge])], false);
    expect(Buffer.byteLength(text)).toBeLessThan(10_000);
    const line = text.split('\n').find((row) => row.includes('expected more')) ?? '';
    expect(line.length).toBeLessThan(CELL_MAX + 200);
    expect(line).toContain('…');
  });
});

describe("Gradescope's leaderboard (--leaderboard)", () => {
  const lesson = (tests: TestReport[]) => submission('ash', tests);

  test("each speed test with a verdict: the speed-up ÷ the kit's own, higher first", () => {
    const board = leaderboardOf(lesson([speedTest(1.52)]));
    expect(board).toEqual([
      {
        name: "05: is faster with copies (÷ the kit's)",
        value: Math.round((1.52 / 1.9) * 1000) / 1000,
        order: 'desc',
      },
    ]);
  });

  test('no entry for a test with no verdict, a hidden test, or a test that measured no speed-up', () => {
    const noVerdict = speedTest(1.2, { status: 'skipped', score: 0, maxScore: 0 });
    const hidden = speedTest(1.6, { hidden: true });
    const plain: TestReport = { name: 'sums right', status: 'passed', score: 5, maxScore: 5 };
    expect(leaderboardOf(lesson([noVerdict, hidden, plain]))).toEqual([]);
  });

  test('only when asked for', () => {
    const without = JSON.parse(gradescopeReport(lesson([speedTest(1.6)]))) as Record<string, unknown>;
    expect(without).not.toHaveProperty('leaderboard');
    const withIt = JSON.parse(gradescopeReport(lesson([speedTest(1.6)]), { leaderboard: true })) as {
      leaderboard: unknown[];
    };
    expect(withIt.leaderboard).toHaveLength(1);
  });
});
