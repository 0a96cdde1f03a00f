/**
 * The figures the chapters quote from bench/results/latest.json and
 * chapters.json: rendered from the results, rewritten by `pnpm readmes`, and
 * a drift the structure check names. The real course's chapters are checked in catalog.test.ts ("every
 * lesson of the real course is well formed").
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import {
  BENCH_RESULTS,
  CHAPTER_RESULTS,
  NODE_LINE_RESULTS,
  readBenchResults,
  renderBenchFigures,
  type BenchResults,
} from '../src/bench-figures.ts';
import { findCourseRoot, readLesson } from '../src/discover.ts';
import { markdownTable } from '../src/markdown-table.ts';
import { syncReadmes } from '../src/readme.ts';
import { checkLessonStructure } from '../src/structure.ts';

const fixtureCourse = path.join(import.meta.dirname, 'fixtures', 'course');
// latest.json alone: a course quoting chapters.json or node-lines.json gets its own below.
const {
  chapters: _realChapters,
  nodeLines: _realLines,
  ...realResults
} = readBenchResults(findCourseRoot(import.meta.dirname)) as BenchResults;
const scratch: string[] = [];

afterEach(() => {
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/**
 * A copy of the fixture course whose first chapter quotes `quote`, with
 * `results` committed as latest.json (none if null) and `chapters`, if given, as chapters.json.
 */
function courseQuoting(quote: string, results: unknown = realResults, chapters?: unknown) {
  const root = mkdtempSync(path.join(tmpdir(), 'bench-figures-'));
  scratch.push(root);
  cpSync(fixtureCourse, root, { recursive: true });
  writeFileSync(path.join(root, 'README.md'), '# A course\n');
  // The fixture's header and hints are stale on purpose (catalog.test.ts): bring them up to date first.
  syncReadmes(root);
  if (results !== null) {
    mkdirSync(path.join(root, 'bench', 'results'), { recursive: true });
    writeFileSync(path.join(root, BENCH_RESULTS), JSON.stringify(results));
  }
  if (chapters !== undefined) {
    writeFileSync(
      path.join(root, CHAPTER_RESULTS),
      typeof chapters === 'string' ? chapters : JSON.stringify(chapters),
    );
  }
  const readme = path.join(root, 'lessons', '01-counting-stars', 'README.md');
  writeFileSync(readme, `${readFileSync(readme, 'utf8').trimEnd()}\n\n${quote}\n`);
  return { root, readme, lesson: () => readLesson(path.dirname(readme)) };
}

describe('figures quoted from the benchmark', () => {
  test('a figure is written from the results, with the machine they came from', () => {
    const text =
      'One copy took <!-- figure:worker-start-up -->?<!-- /figure --> to start (<!-- figure:machine -->?<!-- /figure -->).';
    const results = {
      ...realResults,
      machine: { cores: 16, cpu: 'Example CPU', node: 'v24.22.3', date: '2026-12-03T10:00:00.000Z' },
      errands: { ...realResults.errands, cost: { startupMs: 23.04, heapMiB: 11, samples: 15 } },
    };
    expect(renderBenchFigures(text, results)).toBe(
      'One copy took <!-- figure:worker-start-up -->23.0 ms<!-- /figure --> to start ' +
        '(<!-- figure:machine -->Node 24.22 on 16 logical CPUs (Example CPU), 2026-12-03<!-- /figure -->).',
    );
    expect(
      renderBenchFigures('<!-- figure:machine -->?<!-- /figure -->', { ...results, mode: 'quick' }),
    ).toContain('2026-12-03, a quick run');
  });

  test('a table is computed from the rows, padded as Prettier pads it', () => {
    const results = {
      ...realResults,
      errands: {
        ...realResults.errands,
        rows: [
          { way: 'one courier', inFlight: 1, pages: 16, latencyMs: 50, ms: 800, cpuShare: 0.031 },
          { way: 'copies', inFlight: 4, pages: 16, latencyMs: 50, ms: 1250.4, cpuShare: 0.5 },
        ],
      },
    };
    const text = renderBenchFigures('<!-- bench:errands:start -->\nold\n<!-- bench:errands:end -->', results);
    expect(text).toBe(
      [
        '<!-- bench:errands:start -->',
        '',
        '| way         | in flight |     time | × one courier | CPU ÷ wall |',
        '| ----------- | --------: | -------: | ------------: | ---------: |',
        '| one courier |         1 |   800 ms |          1.00 |       0.03 |',
        '| copies      |         4 | 1 250 ms |          0.64 |       0.50 |',
        '',
        '<!-- bench:errands:end -->',
      ].join('\n'),
    );
    expect(markdownTable(['a', 'b'], [['x', '1']], [false, true])).toBe(
      '| a   |   b |\n| --- | --: |\n| x   |   1 |',
    );
  });

  test('a figure that drifted from the results is named by the structure check, and `pnpm readmes` mends it', () => {
    const course = courseQuoting('It took <!-- figure:worker-start-up -->12.0 ms<!-- /figure -->.');
    expect(checkLessonStructure(course.lesson())).toEqual([
      `README.md quotes figures that differ from ${BENCH_RESULTS} or ${CHAPTER_RESULTS}: run \`pnpm readmes\``,
    ]);
    expect(syncReadmes(course.root)).toEqual([course.readme]);
    const mended = `It took <!-- figure:worker-start-up -->${realResults.errands.cost.startupMs.toFixed(1)} ms<!-- /figure -->.`;
    expect(readFileSync(course.readme, 'utf8')).toContain(mended);
    expect(checkLessonStructure(course.lesson())).toEqual([]);
  });

  test('an unknown name, missing results and results without the row are each a clear problem', () => {
    const unknown = courseQuoting('It is <!-- figure:speed-of-light -->1<!-- /figure -->');
    expect(checkLessonStructure(unknown.lesson())).toEqual([
      expect.stringMatching(
        /^README\.md's benchmark figures: no bench figure is called "speed-of-light" \(known: machine, /,
      ),
    ]);
    const none = courseQuoting('It is <!-- figure:repeats -->5<!-- /figure -->', null);
    expect(checkLessonStructure(none.lesson())).toEqual([
      `README.md quotes the benchmark, but the course has no ${BENCH_RESULTS}`,
    ]);
    const partial = courseQuoting('It is <!-- figure:sieve-copies-5e8 -->1.87×<!-- /figure -->', {
      ...realResults,
      sieve: { rows: [], memoryMiB: 2 },
    });
    expect(checkLessonStructure(partial.lesson())).toEqual([
      `README.md's benchmark figures: ${BENCH_RESULTS} has no sieve row "sieve" at 500 000 000: run \`pnpm bench\``,
    ]);
    const atLineStart = courseQuoting('It took\n<!-- figure:repeats -->5<!-- /figure --> runs.');
    expect(checkLessonStructure(atLineStart.lesson())).toEqual([
      'README.md has a line that begins with a <!-- figure: --> marker: start the line with a word instead',
    ]);
    const inAList = courseQuoting('- It took\n  <!-- figure:repeats -->5<!-- /figure --> runs.');
    expect(checkLessonStructure(inAList.lesson())).toEqual([
      'README.md has a line that begins with a <!-- figure: --> marker: start the line with a word instead',
    ]);
    const hollow = courseQuoting('It is <!-- figure:repeats -->5<!-- /figure -->', {
      machine: {},
      primes: [],
    });
    expect(checkLessonStructure(hollow.lesson())).toEqual([
      `README.md's benchmark figures: ${BENCH_RESULTS} has no "chunks", "errands.rows", "errands.cost", "sieve.rows": run \`pnpm bench\``,
    ]);
    const inherited = courseQuoting('It is <!-- figure:constructor -->1<!-- /figure -->');
    expect(checkLessonStructure(inherited.lesson())).toEqual([
      expect.stringMatching(/no bench figure is called "constructor"/),
    ]);
    const broken = courseQuoting('It is <!-- figure:repeats -->5<!-- /figure -->', null);
    mkdirSync(path.join(broken.root, 'bench', 'results'), { recursive: true });
    writeFileSync(path.join(broken.root, BENCH_RESULTS), '{ "machine": ');
    expect(checkLessonStructure(broken.lesson())).toEqual([
      expect.stringMatching(
        /^README\.md's benchmark figures: bench\/results\/latest\.json is not valid JSON \(.*\): run `pnpm bench`$/,
      ),
    ]);
  });
});

describe('figures quoted from pnpm bench:chapters', () => {
  const chapters = {
    machine: { cores: 2, cpu: 'Example CPU', node: 'v20.20.2', date: '2026-12-04T19:00:00.000Z' },
    repeats: 5,
    tables: {
      band: {
        header: ['messengers', 'wall time'],
        right: [true, true],
        rows: [
          ['1', '617 ms'],
          ['10', '63 ms'],
        ],
      },
    },
    figures: { 'ledger-most-held': '5' },
  };

  test('a table and a figure come from chapters.json, with the machine it names', () => {
    const text = [
      'Measured (<!-- figure:chapters-machine -->?<!-- /figure -->, median of <!-- figure:chapters-repeats -->?<!-- /figure -->):',
      '<!-- bench:band:start -->',
      'old',
      '<!-- bench:band:end -->',
      'It held <!-- figure:ledger-most-held -->?<!-- /figure --> pages.',
    ].join('\n');
    expect(renderBenchFigures(text, { ...realResults, chapters })).toBe(
      [
        'Measured (<!-- figure:chapters-machine -->Node 20.20 on 2 logical CPUs (Example CPU), 2026-12-04<!-- /figure -->, median of <!-- figure:chapters-repeats -->5<!-- /figure -->):',
        '<!-- bench:band:start -->',
        '',
        '| messengers | wall time |',
        '| ---------: | --------: |',
        '|          1 |    617 ms |',
        '|         10 |     63 ms |',
        '',
        '<!-- bench:band:end -->',
        'It held <!-- figure:ledger-most-held -->5<!-- /figure --> pages.',
      ].join('\n'),
    );
  });

  test('drift is mended by `pnpm readmes`; no chapters.json, an unknown name or a malformed file is a clear problem', () => {
    const drifted = courseQuoting(
      'It held <!-- figure:ledger-most-held -->7<!-- /figure --> pages.',
      realResults,
      chapters,
    );
    expect(checkLessonStructure(drifted.lesson())).toEqual([
      `README.md quotes figures that differ from ${BENCH_RESULTS} or ${CHAPTER_RESULTS}: run \`pnpm readmes\``,
    ]);
    syncReadmes(drifted.root);
    expect(readFileSync(drifted.readme, 'utf8')).toContain(
      '<!-- figure:ledger-most-held -->5<!-- /figure -->',
    );
    expect(checkLessonStructure(drifted.lesson())).toEqual([]);

    const none = courseQuoting('On <!-- figure:chapters-machine -->?<!-- /figure -->.');
    expect(checkLessonStructure(none.lesson())).toEqual([
      `README.md's benchmark figures: the course has no ${CHAPTER_RESULTS}: run \`pnpm bench:chapters\``,
    ]);
    const unknown = courseQuoting(
      '<!-- bench:moon:start -->\n<!-- bench:moon:end -->',
      realResults,
      chapters,
    );
    expect(checkLessonStructure(unknown.lesson())).toEqual([
      expect.stringMatching(
        /no bench table is called "moon" \(known: cold-copies, .*, band\); `pnpm bench` writes/,
      ),
    ]);
    const ragged = courseQuoting(
      'It held <!-- figure:ledger-most-held -->5<!-- /figure --> pages.',
      realResults,
      {
        ...chapters,
        tables: { band: { ...chapters.tables.band, rows: [['1']] } },
      },
    );
    expect(checkLessonStructure(ragged.lesson())).toEqual([
      `README.md's benchmark figures: ${CHAPTER_RESULTS} has a table "band" whose header, alignment and rows do not match: run \`pnpm bench:chapters\``,
    ]);
    const broken = courseQuoting(
      'It held <!-- figure:ledger-most-held -->5<!-- /figure -->.',
      realResults,
      '{',
    );
    expect(checkLessonStructure(broken.lesson())).toEqual([
      expect.stringMatching(
        /bench\/results\/chapters\.json is not valid JSON \(.*\): run `pnpm bench:chapters`$/,
      ),
    ]);
  });
});

describe('figures of each Node line (node-lines.json)', () => {
  const machine = (node: string) => ({
    cores: 2,
    cpu: 'Example CPU',
    node,
    date: '2026-12-07T04:00:00.000Z',
  });
  const nodeLines = {
    lines: {
      '20': { machine: machine('v20.20.2'), figures: { 'ts-worker-start-up': '17.0 ms' } },
      '24': { machine: machine('v24.11.1'), figures: { 'ts-worker-start-up': '41.5 ms' } },
    },
  };

  test('each line quotes its own figure and its own machine', () => {
    const text =
      'A `.ts` worker started in <!-- figure:node24-ts-worker-start-up -->?<!-- /figure --> ' +
      '(<!-- figure:node24-machine -->?<!-- /figure -->), and in <!-- figure:node20-ts-worker-start-up -->?<!-- /figure --> on Node 20.';
    expect(renderBenchFigures(text, { ...realResults, nodeLines })).toBe(
      'A `.ts` worker started in <!-- figure:node24-ts-worker-start-up -->41.5 ms<!-- /figure --> ' +
        '(<!-- figure:node24-machine -->Node 24.11 on 2 logical CPUs (Example CPU), 2026-12-07<!-- /figure -->), ' +
        'and in <!-- figure:node20-ts-worker-start-up -->17.0 ms<!-- /figure --> on Node 20.',
    );
  });

  test('a line or a figure not measured, and a malformed file, are clear problems', () => {
    expect(() =>
      renderBenchFigures('<!-- figure:node22-ts-worker-start-up -->?<!-- /figure -->', {
        ...realResults,
        nodeLines,
      }),
    ).toThrow(`${NODE_LINE_RESULTS} has no figures of Node 22: run \`pnpm bench:node-lines\` on Node 22`);
    expect(() =>
      renderBenchFigures('<!-- figure:node20-heap -->?<!-- /figure -->', { ...realResults, nodeLines }),
    ).toThrow(`${NODE_LINE_RESULTS} has no figure "heap" for Node 20 (known: ts-worker-start-up)`);
    const root = mkdtempSync(path.join(tmpdir(), 'node-lines-'));
    scratch.push(root);
    mkdirSync(path.join(root, 'bench', 'results'), { recursive: true });
    writeFileSync(path.join(root, BENCH_RESULTS), JSON.stringify(realResults));
    writeFileSync(path.join(root, NODE_LINE_RESULTS), JSON.stringify({ lines: { twenty: {} } }));
    expect(() => readBenchResults(root)).toThrow(
      `${NODE_LINE_RESULTS} has an entry "twenty" without a machine and figures of text: run \`pnpm bench:node-lines\` on each Node line the chapters quote`,
    );
  });
});
