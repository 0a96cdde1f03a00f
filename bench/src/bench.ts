/**
 * `pnpm bench`: what concurrency and parallelism do on this machine, with the
 * reference solutions. Writes bench/results/latest.json (with the machine's
 * facts), latest.md (the tables) and the SVG charts the docs site shows.
 *
 * `pnpm bench --quick` runs a short version (smaller limits, fewer repeats).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { findCourseRoot, listLessons, partHeading, syncReadmes } from '@spellbook/catalog';
import { chartsFromResults } from './charts-from-results.ts';
import { formatMs, thisMachine, type BenchSettings } from './measure.ts';
import { chunksSuite } from './suites/chunks.ts';
import { errandsSuite } from './suites/errands.ts';
import { ioSuite } from './suites/io.ts';
import { primesSuite } from './suites/primes.ts';
import { pythonSuite } from './suites/python.ts';
import { sieveSuite } from './suites/sieve.ts';

let quick = false;
try {
  quick = parseArgs({ options: { quick: { type: 'boolean' } } }).values.quick === true;
} catch (error) {
  console.error(`bench: ${(error as Error).message} (the only option is --quick)`);
  process.exit(2);
}

const settings: BenchSettings = { quick, repeats: quick ? 3 : 5, warmups: 1 };
const resultsDir = fileURLToPath(new URL('../results/', import.meta.url));
// The headings of the course's parts name their chapters as the lessons' metadata counts them.
const courseRoot = findCourseRoot(fileURLToPath(new URL('.', import.meta.url)));
const lessons = listLessons(courseRoot);
const started = performance.now();
const machine = {
  ...thisMachine(),
  memoryGiB: Math.round(os.totalmem() / 2 ** 30),
  platform: `${os.platform()} ${os.arch()}`,
};
console.error(
  `benchmarking on ${machine.cores} cores (${machine.cpu}), Node ${machine.node}${quick ? ', quick run' : ''}`,
);

const io = await ioSuite(settings);
const primes = await primesSuite(settings);
const chunks = await chunksSuite(settings);
const python = pythonSuite(settings);
const errands = await errandsSuite(settings);
const sieve = await sieveSuite(settings);

// The targets are reported, never asserted: a benchmark describes a machine.
const largest = Math.max(...primes.rows.map((row) => row.limit));
const warm2 = primes.rows.find(
  (row) => row.limit === largest && row.way === 'copies, warm pool' && row.copies === 2,
);
const allAtOnce = io.rows.find((row) => row.way === 'all at once');
const allAtOnceLoopback = io.loopback.find((row) => row.way === 'all at once');
const nodeVsPython = python.results.rows
  .filter((row) => row.mode === 'pool' && row.processes === 2)
  .map((row) => {
    const node = primes.rows.find(
      (p) => p.limit === row.limit && p.way === 'copies, cold pool' && p.copies === 2,
    );
    return {
      limit: row.limit,
      pythonMs: row.ms,
      nodeMs: node?.ms ?? Number.NaN,
      ratio: row.ms / (node?.ms ?? Number.NaN),
    };
  });
const sieveRow = (limit: number, way: string, copies = 1) =>
  sieve.rows.find((row) => row.limit === limit && row.way === way && row.copies === copies);
const trial1e7 = sieveRow(10_000_000, 'trial division');
const sieve1e7 = sieveRow(10_000_000, 'sieve');
const sieveLargest = Math.max(...sieve.rows.map((row) => row.limit));
const sieveOne = sieveRow(sieveLargest, 'sieve');
const sieveTwo = sieveRow(sieveLargest, 'sieve, copies', 2);
const errandPairs = errands.rows
  .filter((row) => row.way === 'copies')
  .map((copies) => ({
    copies,
    band: errands.rows.find((row) => row.way === 'band' && row.inFlight === copies.inFlight),
  }));
const targets = [
  {
    target: `sumPrimesInParallel, warm pool, 2 copies at ${largest}: speed-up ≥ 1.8 (the limit on 2 cores is 2.0)`,
    measured: warm2 ? `${warm2.speedup.toFixed(2)}×` : 'not measured',
    met: warm2 ? warm2.speedup >= 1.8 : false,
  },
  ...nodeVsPython.map((entry) => ({
    target: `Node with tinypool (2 copies, cold pool) ≥ 10× faster than Python's Pool(2) at ${entry.limit}`,
    measured: `${entry.ratio.toFixed(1)}× (${formatMs(entry.nodeMs)} against ${formatMs(entry.pythonMs)})`,
    met: entry.ratio >= 10,
  })),
  ...(
    [
      ['mocked by msw', allAtOnce],
      ['from a loopback HTTP server', allAtOnceLoopback],
    ] as const
  ).map(([where, row]) => ({
    target: `all 50 pages at once within 1.3 × one page latency, ${where}`,
    measured: row ? `${(row.ms / row.latencyMs).toFixed(2)} × (${formatMs(row.ms)})` : 'not measured',
    met: row ? row.ms <= 1.3 * row.latencyMs : false,
  })),
  ...errandPairs.map(({ copies, band }) => ({
    target: `${copies.inFlight} worker threads on errands are slower than a band of ${copies.inFlight} on the event loop`,
    measured: `${formatMs(copies.ms)} against ${band ? formatMs(band.ms) : 'not measured'}`,
    met: band ? copies.ms > band.ms : false,
  })),
  {
    target: 'the segmented sieve at 10 000 000 ≥ 20× faster than trial division',
    measured: trial1e7 && sieve1e7 ? `${(trial1e7.ms / sieve1e7.ms).toFixed(1)}×` : 'not measured',
    met: trial1e7 && sieve1e7 ? trial1e7.ms / sieve1e7.ms >= 20 : false,
  },
  {
    target: `the sieve with 2 copies at ${sieveLargest} ≥ 1.4× faster than on one thread`,
    measured: sieveOne && sieveTwo ? `${(sieveOne.ms / sieveTwo.ms).toFixed(2)}×` : 'not measured',
    met: sieveOne && sieveTwo ? sieveOne.ms / sieveTwo.ms >= 1.4 : false,
  },
  {
    target: 'the sieve below 100 000 000 grows peak memory by < 32 MiB',
    measured: `${sieve.memoryMiB.toFixed(1)} MiB`,
    met: sieve.memoryMiB < 32,
  },
];

const results = {
  machine,
  mode: quick ? 'quick' : 'full',
  repeats: settings.repeats,
  warmups: settings.warmups,
  io: io.rows,
  ioLoopback: io.loopback,
  primes: primes.rows,
  chunks: chunks.rows,
  python: python.results,
  errands: { rows: errands.rows, cost: errands.cost },
  sieve: { rows: sieve.rows, memoryMiB: sieve.memoryMiB },
  targets,
  seconds: Math.round((performance.now() - started) / 100) / 10,
};

const markdown = [
  '# What parallelism does on this machine',
  '',
  `${machine.cores} cores (${machine.cpu}), ${machine.memoryGiB} GiB, ${machine.platform}, Node ${machine.node}` +
    `${python.results.version ? `, Python ${python.results.version}` : ''}; ${machine.date.slice(0, 10)}.`,
  `Medians of ${settings.repeats} runs after ${settings.warmups} warm-up${quick ? ' (quick run)' : ''}. Reproduce with \`pnpm bench${quick ? ' --quick' : ''}\`.`,
  '',
  '## Targets',
  '',
  '| target | measured | met |',
  '| --- | --- | --- |',
  ...targets.map((t) => `| ${t.target} | ${t.measured} | ${t.met ? 'yes' : 'no'} |`),
  '',
  `## ${partHeading(lessons, 'waiting', 'pages over the network')}`,
  '',
  io.markdown,
  '',
  `## ${partHeading(lessons, 'thinking', 'the sum of the primes')}`,
  '',
  primes.markdown,
  '',
  '## How the work is cut (chapter 6)',
  '',
  chunks.markdown,
  '',
  "## The article's approach: Python on the same machine",
  '',
  python.markdown,
  '',
  '## Errands for copies: worker threads for waiting (chapter 7)',
  '',
  errands.markdown,
  '',
  '## The better spell: a sieve against any number of copies (chapter 11)',
  '',
  sieve.markdown,
  '',
].join('\n');

const charts = chartsFromResults(results);

mkdirSync(resultsDir, { recursive: true });
writeFileSync(path.join(resultsDir, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
writeFileSync(path.join(resultsDir, 'latest.md'), markdown);
for (const [name, svg] of Object.entries(charts)) writeFileSync(path.join(resultsDir, name), `${svg}\n`);
console.log(markdown);
// The chapters quote these results between generated markers: bring them up to date too.
const chapters = syncReadmes(courseRoot).map((file) => path.relative(process.cwd(), file));
console.error(
  `done in ${results.seconds} s; wrote ${path.relative(process.cwd(), resultsDir)}/latest.json, latest.md and ${Object.keys(charts).length} charts` +
    (chapters.length > 0 ? `; updated the figures in ${chapters.join(', ')}` : ''),
);
