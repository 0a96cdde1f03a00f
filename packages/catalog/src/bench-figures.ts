/**
 * The figures the chapters quote from the course's own benchmarks. `pnpm bench`
 * writes bench/results/latest.json, and `pnpm bench:chapters` (the reference
 * solutions of the chapters, measured as each chapter's "What we measured"
 * describes) writes bench/results/chapters.json; every number a chapter takes
 * from them sits between generated markers and is rewritten by `pnpm readmes`
 * (which both benchmarks run when they are done), so a chapter can never quote
 * a figure the committed results do not hold. The structure check fails when a
 * marked figure drifts from the results.
 *
 * Two kinds of marker:
 * - a table, on lines of its own:
 *   `<!-- bench:NAME:start -->` … `<!-- bench:NAME:end -->`;
 * - a figure inside a sentence: `<!-- figure:NAME -->54 ms<!-- /figure -->`.
 *
 * The machine the results came from is itself a figure (`machine`, and
 * `chapters-machine` for chapters.json), quoted beside every table, so a
 * reader never takes our two cores for theirs. What differs between Node
 * lines comes from `pnpm bench:node-lines`, run on each (node-lines.json):
 * `node20-ts-worker-start-up`, `node24-machine` and so on. The names of latest.json's
 * tables and figures are defined here; chapters.json names its own, as the
 * bench scripts that measure them choose.
 *
 * @module
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { markdownTable } from './markdown-table.ts';
import { isRecord } from './measurements.ts';

/** Where the benchmark's results live, from the course root. */
export const BENCH_RESULTS = path.join('bench', 'results', 'latest.json');

/** Where `pnpm bench:chapters` writes the chapters' own measurements, from the course root. */
export const CHAPTER_RESULTS = path.join('bench', 'results', 'chapters.json');

/**
 * Where `pnpm bench:node-lines` writes what differs between Node lines (a
 * `.ts` worker's start-up, `availableParallelism()` under a quota), one entry
 * per major version, from the course root.
 */
export const NODE_LINE_RESULTS = path.join('bench', 'results', 'node-lines.json');

/** The machine a set of results was measured on. */
export interface BenchMachine {
  readonly cores: number;
  readonly cpu: string;
  readonly node: string;
  /** When, as an ISO date and time. */
  readonly date: string;
}

/** A table as `pnpm bench:chapters` measured it, each cell written as the chapter prints it. */
export interface ChapterTable {
  readonly header: readonly string[];
  /** Which columns are right-aligned (the numbers). */
  readonly right: readonly boolean[];
  readonly rows: ReadonlyArray<readonly string[]>;
}

/** bench/results/chapters.json: the tables and figures of the chapters' "What we measured". */
export interface ChapterResults {
  readonly machine: BenchMachine;
  readonly repeats: number;
  readonly tables: Readonly<Record<string, ChapterTable>>;
  readonly figures: Readonly<Record<string, string>>;
}

/** bench/results/node-lines.json: for each major version of Node measured, its machine and figures. */
export interface NodeLineResults {
  readonly lines: Readonly<
    Record<
      string,
      {
        readonly machine: BenchMachine;
        /** Each already written as the chapters print it. */
        readonly figures: Readonly<Record<string, string>>;
      }
    >
  >;
}

/** The part of bench/results/latest.json the chapters quote (see bench/src/bench.ts). */
export interface BenchResults {
  readonly machine: BenchMachine;
  /** `full`, or `quick` for `pnpm bench --quick` (smaller limits, fewer repeats). */
  readonly mode: string;
  readonly repeats: number;
  readonly primes: ReadonlyArray<{
    readonly limit: number;
    readonly way: string;
    readonly copies: number | null;
    readonly ms: number;
    /** The one-thread time ÷ this row's. */
    readonly speedup: number;
  }>;
  readonly chunks: ReadonlyArray<{
    readonly limit: number;
    readonly copies: number;
    readonly chunks: number;
    readonly cut: string;
    readonly ms: number;
    readonly speedup: number;
  }>;
  readonly errands: {
    readonly rows: ReadonlyArray<{
      readonly way: string;
      readonly inFlight: number;
      readonly ms: number;
      readonly cpuShare: number;
    }>;
    readonly cost: { readonly startupMs: number; readonly heapMiB: number; readonly samples: number };
  };
  readonly sieve: {
    readonly rows: ReadonlyArray<{
      readonly limit: number;
      readonly way: string;
      readonly copies: number;
      readonly ms: number;
      readonly cpuShare: number;
    }>;
    readonly memoryMiB: number;
  };
  /** bench/results/chapters.json, when the course has it. */
  readonly chapters?: ChapterResults;
  /** bench/results/node-lines.json, when the course has it. */
  readonly nodeLines?: NodeLineResults;
}

/** A number with its thousands apart, as the chapters print them: 10 000 000. */
const grouped = (value: number): string => value.toLocaleString('en-GB').replaceAll(',', ' ');
const ms = (value: number): string => `${grouped(Math.round(value))} ms`;

/** One row of `rows` that must be there; a clear error names what is missing. */
function find<T>(rows: readonly T[], what: string, match: (row: T) => boolean): T {
  const row = rows.find(match);
  if (row === undefined) throw new Error(`${BENCH_RESULTS} has no ${what}: run \`pnpm bench\``);
  return row;
}

const times = (value: number): string => `${value.toFixed(2)}×`;

/** The chapter 6 table: cold pools of each count of copies at a million and at ten million. */
function coldCopiesTable(results: BenchResults): string {
  const cold = (limit: number) =>
    results.primes.filter((row) => row.limit === limit && row.way === 'copies, cold pool');
  const counts = cold(1e6)
    .map((row) => row.copies ?? 0)
    .filter((copies) => cold(1e7).some((row) => row.copies === copies));
  if (counts.length === 0) {
    throw new Error(`${BENCH_RESULTS} has no cold-pool sums at 1e6 and 1e7: run \`pnpm bench\``);
  }
  const at = (limit: number, copies: number) =>
    find(cold(limit), `cold pool of ${copies} at ${grouped(limit)}`, (row) => row.copies === copies);
  return markdownTable(
    ['copies', 'time at 1e6', 'speed-up at 1e6', 'time at 1e7', 'speed-up at 1e7'],
    counts.map((copies) => [
      String(copies),
      ms(at(1e6, copies).ms),
      times(at(1e6, copies).speedup),
      ms(at(1e7, copies).ms),
      times(at(1e7, copies).speedup),
    ]),
    [true, true, true, true, true],
  );
}

const chunkRow = (results: BenchResults, chunks: number, cut: string) =>
  find(
    results.chunks,
    `chunks row "${cut}" with ${chunks} chunks`,
    (row) => row.chunks === chunks && row.cut === cut,
  );

/** The chapter 6 table: how the work is cut, on a warm pool. */
function chunksTable(results: BenchResults): string {
  const rows = [2, 16].flatMap((chunks) =>
    ['equal width', 'equal cost'].map((cut) => chunkRow(results, chunks, cut)),
  );
  return markdownTable(
    ['chunks', 'cut by', 'time', 'speed-up'],
    rows.map((row) => [String(row.chunks), row.cut, ms(row.ms), times(row.speedup)]),
    [true, false, true, true],
  );
}

/** The chapter 7 table: the reference copies against the courier and the band. */
function errandsTable(results: BenchResults): string {
  const { rows } = results.errands;
  const courier = find(rows, 'errands row "one courier"', (row) => row.way === 'one courier');
  return markdownTable(
    ['way', 'in flight', 'time', '× one courier', 'CPU ÷ wall'],
    rows.map((row) => [
      row.way,
      String(row.inFlight),
      ms(row.ms),
      (courier.ms / row.ms).toFixed(2),
      row.cpuShare.toFixed(2),
    ]),
    [false, true, true, true, true],
  );
}

/** The chapter 11 table: trial division, the sieve, and the sieve on copies. */
function sieveTable(results: BenchResults): string {
  const { rows } = results.sieve;
  return markdownTable(
    ['limit', 'way', 'copies', 'time', '× trial division', '× one-thread sieve', 'CPU ÷ wall'],
    rows.map((row) => {
      const trial = rows.find((other) => other.limit === row.limit && other.way === 'trial division');
      const sieve = rows.find((other) => other.limit === row.limit && other.way === 'sieve');
      return [
        grouped(row.limit),
        row.way,
        String(row.copies),
        ms(row.ms),
        trial ? (trial.ms / row.ms).toFixed(1) : '',
        sieve && row.way !== 'trial division' ? (sieve.ms / row.ms).toFixed(2) : '',
        row.cpuShare.toFixed(2),
      ];
    }),
    [true, false, true, true, true, true, true],
  );
}

const sieveRow = (results: BenchResults, limit: number, way: string) =>
  find(
    results.sieve.rows,
    `sieve row "${way}" at ${grouped(limit)}`,
    (row) => row.limit === limit && row.way === way,
  );

/** "Node 20.20 on 2 logical CPUs (AMD EPYC), 2026-11-26". */
const machineText = (machine: BenchMachine): string =>
  `Node ${machine.node.replace(/^v(\d+\.\d+).*$/, '$1')} on ${machine.cores} logical CPUs (${machine.cpu}), ` +
  machine.date.slice(0, 10);

/** chapters.json, which a figure drawn from it needs. */
function chapterResults(results: BenchResults): ChapterResults {
  if (!results.chapters) throw new Error(`the course has no ${CHAPTER_RESULTS}: run \`pnpm bench:chapters\``);
  return results.chapters;
}

/** Every figure a chapter may quote, by name, drawn from the results (and chapters.json's own). */
const FIGURES: Record<string, (results: BenchResults) => string> = {
  machine: ({ machine, mode }) => `${machineText(machine)}${mode === 'full' ? '' : `, a ${mode} run`}`,
  repeats: ({ repeats }) => String(repeats),
  'chapters-machine': (results) => machineText(chapterResults(results).machine),
  'chapters-repeats': (results) => String(chapterResults(results).repeats),
  'primes-1e6-one-thread': (results) =>
    ms(
      find(
        results.primes,
        'one-thread sum at 1 000 000',
        (row) => row.limit === 1e6 && row.way === 'one thread',
      ).ms,
    ),
  'worker-start-up': ({ errands }) => `${errands.cost.startupMs.toFixed(1)} ms`,
  'worker-heap': ({ errands }) => `${errands.cost.heapMiB.toFixed(1)} MiB`,
  'worker-samples': ({ errands }) => String(errands.cost.samples),
  'sieve-against-trial-1e7': (results) =>
    `${Math.round(sieveRow(results, 1e7, 'trial division').ms / sieveRow(results, 1e7, 'sieve').ms)}×`,
  'sieve-copies-5e8': (results) =>
    `${(sieveRow(results, 5e8, 'sieve').ms / sieveRow(results, 5e8, 'sieve, copies').ms).toFixed(2)}×`,
  'sieve-memory': ({ sieve }) =>
    sieve.memoryMiB < 0.1 ? 'less than 0.1 MiB' : `${sieve.memoryMiB.toFixed(1)} MiB`,
  'chunks-copies': (results) => String(chunkRow(results, 2, 'equal width').copies),
  'two-equal-halves': (results) => times(chunkRow(results, 2, 'equal width').speedup),
  'sixteen-chunks': (results) => times(chunkRow(results, 16, 'equal width').speedup),
};

/** Every table a chapter may hold, by name. */
const TABLES: Record<string, (results: BenchResults) => string> = {
  'cold-copies': coldCopiesTable,
  chunks: chunksTable,
  errands: errandsTable,
  sieve: sieveTable,
};

/**
 * The results file `relative` under `courseRoot`, parsed; undefined when
 * there is none. Text that is not JSON is an error that ends with `advice`.
 */
function readResultsFile(courseRoot: string, relative: string, advice: string): unknown {
  const file = path.join(courseRoot, relative);
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${relative} is not valid JSON (${(error as Error).message}): ${advice}`, {
      cause: error,
    });
  }
}

/** The committed results under `courseRoot`, or undefined when there are none (a course without a benchmark). */
export function readBenchResults(courseRoot: string): BenchResults | undefined {
  const results = readResultsFile(courseRoot, BENCH_RESULTS, 'run `pnpm bench`');
  if (results === undefined) return undefined;
  // The parts every figure reads; a field a figure needs inside them is named when it is missing.
  const missing = ['machine', 'primes', 'chunks', 'errands.rows', 'errands.cost', 'sieve.rows'].filter(
    (field) =>
      field
        .split('.')
        .reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], results) ===
      undefined,
  );
  if (missing.length > 0) {
    throw new Error(
      `${BENCH_RESULTS} has no ${missing.map((field) => `"${field}"`).join(', ')}: run \`pnpm bench\``,
    );
  }
  // chapters.json and node-lines.json are the one source of theirs, whatever latest.json holds.
  const { chapters: _chapters, nodeLines: _nodeLines, ...latest } = results as BenchResults;
  const chapters = readChapterResults(courseRoot);
  const nodeLines = readNodeLineResults(courseRoot);
  return { ...latest, ...(chapters ? { chapters } : {}), ...(nodeLines ? { nodeLines } : {}) };
}

/** bench/results/node-lines.json under `courseRoot`, checked; undefined when there is none. */
function readNodeLineResults(courseRoot: string): NodeLineResults | undefined {
  const advice = 'run `pnpm bench:node-lines` on each Node line the chapters quote';
  const results = readResultsFile(courseRoot, NODE_LINE_RESULTS, advice);
  if (results === undefined) return undefined;
  const invalid = (what: string) => new Error(`${NODE_LINE_RESULTS} ${what}: ${advice}`);
  const lines = isRecord(results) ? results['lines'] : undefined;
  if (!isRecord(lines)) throw invalid('has no "lines"');
  for (const [major, entry] of Object.entries(lines)) {
    const wellFormed =
      /^\d+$/.test(major) &&
      isRecord(entry) &&
      isRecord(entry['machine']) &&
      isRecord(entry['figures']) &&
      Object.values(entry['figures']).every((figure) => typeof figure === 'string');
    if (!wellFormed) throw invalid(`has an entry "${major}" without a machine and figures of text`);
  }
  return results as NodeLineResults;
}

/** A figure of one Node line: `node20-ts-worker-start-up`, `node24-machine`. */
const NODE_LINE_FIGURE = /^node(\d+)-(.+)$/;

/** The figure `name` of node-lines.json, or undefined when `name` is not of that kind. */
function nodeLineFigure(results: BenchResults, name: string): string | undefined {
  const match = NODE_LINE_FIGURE.exec(name);
  if (!match) return undefined;
  const [, major, figure] = match as unknown as [string, string, string];
  const line = results.nodeLines?.lines[major];
  if (line === undefined) {
    throw new Error(
      `${NODE_LINE_RESULTS} has no figures of Node ${major}: run \`pnpm bench:node-lines\` on Node ${major}`,
    );
  }
  if (figure === 'machine') return machineText(line.machine);
  const text = line.figures[figure];
  if (text === undefined) {
    throw new Error(
      `${NODE_LINE_RESULTS} has no figure "${figure}" for Node ${major} (known: ${Object.keys(line.figures).join(', ')})`,
    );
  }
  return text;
}

/** bench/results/chapters.json under `courseRoot`, checked; undefined when there is none. */
function readChapterResults(courseRoot: string): ChapterResults | undefined {
  const advice = 'run `pnpm bench:chapters`';
  const parsed = readResultsFile(courseRoot, CHAPTER_RESULTS, advice);
  if (parsed === undefined) return undefined;
  const invalid = (what: string) => new Error(`${CHAPTER_RESULTS} ${what}: ${advice}`);
  const results = (isRecord(parsed) ? parsed : {}) as Partial<ChapterResults>;
  if (!isRecord(results.machine) || typeof results.repeats !== 'number') {
    throw invalid('has no "machine" or "repeats"');
  }
  if (!isRecord(results.tables) || !isRecord(results.figures)) throw invalid('has no "tables" or "figures"');
  const strings = (value: unknown): boolean =>
    Array.isArray(value) && value.every((cell) => typeof cell === 'string');
  for (const [name, table] of Object.entries(results.tables as Record<string, unknown>)) {
    const { header, right, rows } = isRecord(table) ? table : {};
    const columns = Array.isArray(header) ? header.length : -1;
    const wellFormed =
      strings(header) &&
      Array.isArray(right) &&
      right.length === columns &&
      Array.isArray(rows) &&
      rows.every((row) => strings(row) && (row as unknown[]).length === columns);
    if (!wellFormed) throw invalid(`has a table "${name}" whose header, alignment and rows do not match`);
  }
  for (const [name, figure] of Object.entries(results.figures)) {
    if (typeof figure !== 'string') throw invalid(`has a figure "${name}" that is not text`);
  }
  return results as ChapterResults;
}

/** A generated table, markers included. */
export const TABLE = /(<!-- bench:([a-z0-9-]+):start -->\n)[\s\S]*?(<!-- bench:\2:end -->)/g;
/** A generated figure inside a sentence, markers included. */
export const FIGURE = /<!-- figure:([a-z0-9-]+) -->(.*?)<!-- \/figure -->/g;

/** True when `text` quotes the benchmark anywhere. */
export function quotesBench(text: string): boolean {
  return new RegExp(TABLE.source).test(text) || new RegExp(FIGURE.source).test(text);
}

/**
 * `text` with every marked table and figure rewritten from `results`. An
 * unknown name, or a figure the results lack, is an error that names it.
 */
export function renderBenchFigures(text: string, results: BenchResults): string {
  const measured: Pick<ChapterResults, 'tables' | 'figures'> = results.chapters ?? {
    tables: {},
    figures: {},
  };
  const unknown = (kind: string, name: string, known: readonly string[]) =>
    new Error(
      `no bench ${kind} is called "${name}" (known: ${known.join(', ')}); ` +
        `\`pnpm bench\` writes ${BENCH_RESULTS} and \`pnpm bench:chapters\` writes ${CHAPTER_RESULTS}`,
    );
  const withTables = text.replace(TABLE, (_all, start: string, name: string, end: string) => {
    let table: string;
    if (Object.hasOwn(TABLES, name)) table = TABLES[name]!(results);
    else if (Object.hasOwn(measured.tables, name)) {
      const { header, rows, right } = measured.tables[name]!;
      table = markdownTable(header, rows, right);
    } else throw unknown('table', name, [...Object.keys(TABLES), ...Object.keys(measured.tables)]);
    // The blank lines around the table are the ones Prettier wants.
    return `${start}\n${table}\n\n${end}`;
  });
  return withTables.replace(FIGURE, (_all, name: string) => {
    let figure: string;
    if (Object.hasOwn(FIGURES, name)) figure = FIGURES[name]!(results);
    else if (Object.hasOwn(measured.figures, name)) figure = measured.figures[name]!;
    else {
      const ofALine = nodeLineFigure(results, name);
      if (ofALine === undefined) {
        throw unknown('figure', name, [...Object.keys(FIGURES), ...Object.keys(measured.figures)]);
      }
      figure = ofALine;
    }
    return `<!-- figure:${name} -->${figure}<!-- /figure -->`;
  });
}
