/**
 * The figures the chapters quote from the course's own benchmark. `pnpm bench`
 * writes bench/results/latest.json; every number a chapter takes from it sits
 * between generated markers and is rewritten by `pnpm readmes` (which
 * `pnpm bench` runs when it is done), so a chapter can never quote a figure
 * the committed results do not hold. The structure check fails when a marked
 * figure drifts from the results.
 *
 * Two kinds of marker:
 * - a table, on lines of its own:
 *   `<!-- bench:NAME:start -->` … `<!-- bench:NAME:end -->`;
 * - a figure inside a sentence: `<!-- figure:NAME -->54 ms<!-- /figure -->`.
 *
 * The machine the results came from is itself a figure (`machine`), quoted
 * beside every table, so a reader never takes our two cores for theirs.
 *
 * @module
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { markdownTable } from './markdown-table.ts';

/** Where the benchmark's results live, from the course root. */
export const BENCH_RESULTS = path.join('bench', 'results', 'latest.json');

/** The part of bench/results/latest.json the chapters quote (see bench/src/bench.ts). */
export interface BenchResults {
  readonly machine: {
    readonly cores: number;
    readonly cpu: string;
    readonly node: string;
    readonly date: string;
  };
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

/** Every figure a chapter may quote, by name, drawn from the results. */
const FIGURES: Record<string, (results: BenchResults) => string> = {
  machine: ({ machine, mode }) =>
    `Node ${machine.node.replace(/^v(\d+\.\d+).*$/, '$1')} on ${machine.cores} logical CPUs (${machine.cpu}), ` +
    `${machine.date.slice(0, 10)}${mode === 'full' ? '' : `, a ${mode} run`}`,
  repeats: ({ repeats }) => String(repeats),
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
  'sieve-memory': ({ sieve }) => `${sieve.memoryMiB.toFixed(1)} MiB`,
  'chunks-copies': (results) => String(chunkRow(results, 2, 'equal width').copies),
  'two-equal-halves': (results) => times(chunkRow(results, 2, 'equal width').speedup),
};

/** Every table a chapter may hold, by name. */
const TABLES: Record<string, (results: BenchResults) => string> = {
  'cold-copies': coldCopiesTable,
  chunks: chunksTable,
  errands: errandsTable,
  sieve: sieveTable,
};

/** The committed results under `courseRoot`, or undefined when there are none (a course without a benchmark). */
export function readBenchResults(courseRoot: string): BenchResults | undefined {
  const file = path.join(courseRoot, BENCH_RESULTS);
  if (!existsSync(file)) return undefined;
  let results: unknown;
  try {
    results = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${BENCH_RESULTS} is not valid JSON (${(error as Error).message}): run \`pnpm bench\``, {
      cause: error,
    });
  }
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
  return results as BenchResults;
}

const TABLE = /(<!-- bench:([a-z0-9-]+):start -->\n)[\s\S]*?(<!-- bench:\2:end -->)/g;
const FIGURE = /<!-- figure:([a-z0-9-]+) -->(.*?)<!-- \/figure -->/g;

/** True when `text` quotes the benchmark anywhere. */
export function quotesBench(text: string): boolean {
  return new RegExp(TABLE.source).test(text) || new RegExp(FIGURE.source).test(text);
}

/**
 * `text` with every marked table and figure rewritten from `results`. An
 * unknown name, or a figure the results lack, is an error that names it.
 */
export function renderBenchFigures(text: string, results: BenchResults): string {
  const withTables = text.replace(TABLE, (_all, start: string, name: string, end: string) => {
    const table = Object.hasOwn(TABLES, name) ? TABLES[name] : undefined;
    if (!table) {
      throw new Error(`no bench table is called "${name}" (known: ${Object.keys(TABLES).join(', ')})`);
    }
    // The blank lines around the table are the ones Prettier wants.
    return `${start}\n${table(results)}\n\n${end}`;
  });
  return withTables.replace(FIGURE, (_all, name: string) => {
    const figure = Object.hasOwn(FIGURES, name) ? FIGURES[name] : undefined;
    if (!figure) {
      throw new Error(`no bench figure is called "${name}" (known: ${Object.keys(FIGURES).join(', ')})`);
    }
    return `<!-- figure:${name} -->${figure(results)}<!-- /figure -->`;
  });
}
