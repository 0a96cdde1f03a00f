/**
 * Figures typed by hand into a chapter: the structure check names a
 * measured-looking number outside every marker, and leaves alone the ones a
 * chapter marks as not measured. The real chapters are checked in
 * catalog.test.ts ("every lesson of the real course is well formed").
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { findCourseRoot, listLessons } from '../src/discover.ts';
import { handTypedFigureProblems, handTypedFigures } from '../src/prose-figures.ts';

const chapter9 = listLessons(findCourseRoot(import.meta.dirname)).find((lesson) =>
  path.basename(lesson.dir).startsWith('09-'),
)!;

describe('figures typed by hand into a chapter', () => {
  test("chapter 9's old hand-typed ratios, put back, are each named with their line", () => {
    const text = readFileSync(path.join(chapter9.dir, 'README.md'), 'utf8');
    expect(handTypedFigureProblems(text)).toEqual([]);
    // The sentence the review found stale (15.8× and 482× in the table below it at the time).
    const lines = text.split('\n');
    const at = lines.findIndex((line) => line.startsWith('## What we measured'));
    lines.splice(
      at,
      0,
      'In the table below, 256 times the bytes took about 40 times as long to hand over,',
      'and about 1 300 times as long to copy.',
      '',
    );
    const stale = lines.join('\n');

    expect(handTypedFigures(stale)).toEqual([
      { line: at + 1, figure: '40 times as' },
      { line: at + 2, figure: '1 300 times as' },
    ]);
    const problems = handTypedFigureProblems(stale);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(new RegExp(`^README\\.md:${at + 1} types "40 times as" by hand: .*figure:`));
  });

  test.each([
    ['a time', 'the sum took 54 ms on one thread', '54 ms'],
    ['a time in seconds', 'a pause of 1.3 s kept them warm', '1.3 s'],
    ['a ratio with a sign', 'two copies gave 1.59× here', '1.59×'],
    ['a ratio with a space', 'it ran 2 × as fast', '2 ×'],
    ['a share', 'it lost 39 % of its marks', '39 %'],
    ['a size', 'a 95 MiB array', '95 MiB'],
    ['a grouped number', 'it took 1 300 ms', '1 300 ms'],
    ['a comparison in words', 'it was 3 times faster', '3 times faster'],
  ])('%s is named', (_kind, sentence, figure) => {
    expect(handTypedFigures(`# A chapter\n\n${sentence}.\n`)).toEqual([{ line: 3, figure }]);
  });

  test.each([
    ['a generated figure', 'it took <!-- figure:one-thread -->54 ms<!-- /figure --> here'],
    ['a demand of the tests', 'at least <!-- given:demand -->1.15×<!-- /given --> as fast'],
    ['a fact of Node', 'above <!-- given:node -->2 147 483 647 ms<!-- /given --> a timer fires at once'],
    ['arithmetic', 'one byte a number is <!-- given:arithmetic -->95 MiB<!-- /given --> at 1e8'],
    ['inline code', 'call `setTimeout(resolve, 10 ms)` here'],
    ['a power of ten', 'the sum is about 9.0 × 10¹⁵, or 9.0 × 10^15'],
    ['numbers without a unit', 'ten pages, 16 copies, 1 000 000 primes, Node 22.12'],
    ['a fenced block', '```ts\nawait sleep(60); // 60 ms\n```'],
    [
      'a generated table',
      '<!-- bench:table:start -->\n\n| a | b |\n| - | - |\n| 1 ms | 2× |\n\n<!-- bench:table:end -->',
    ],
  ])('%s is not named', (_kind, sentence) => {
    expect(handTypedFigures(`# A chapter\n\n${sentence}\n`)).toEqual([]);
  });

  test('a marker that gives no known reason, or begins a line, is named', () => {
    const problems = handTypedFigureProblems(
      '# A chapter\n\nit took <!-- given:measured -->54 ms<!-- /given --> here\n' +
        '<!-- given:demand -->60 ms<!-- /given --> is the latency\n',
    );
    expect(problems).toEqual([
      expect.stringMatching(/line that begins with a <!-- given: --> marker/),
      'README.md has a <!-- given:measured --> marker: the reasons are demand, node, arithmetic',
      expect.stringMatching(/^README\.md:3 types "54 ms" by hand/),
    ]);
  });
});
