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
import { chartsFromResults } from './charts-from-results.ts';
import { formatMs, type BenchSettings } from './measure.ts';
import { chunksSuite } from './suites/chunks.ts';
import { ioSuite } from './suites/io.ts';
import { primesSuite } from './suites/primes.ts';
import { pythonSuite } from './suites/python.ts';

let quick = false;
try {
  quick = parseArgs({ options: { quick: { type: 'boolean' } } }).values.quick === true;
} catch (error) {
  console.error(`bench: ${(error as Error).message} (the only option is --quick)`);
  process.exit(2);
}

const settings: BenchSettings = { quick, repeats: quick ? 3 : 5, warmups: 1 };
const resultsDir = fileURLToPath(new URL('../results/', import.meta.url));
const started = performance.now();
const machine = {
  cores: os.availableParallelism(),
  cpu: os.cpus()[0]?.model.trim() ?? 'unknown',
  memoryGiB: Math.round(os.totalmem() / 2 ** 30),
  node: process.version,
  platform: `${os.platform()} ${os.arch()}`,
  date: new Date().toISOString(),
};
console.error(
  `benchmarking on ${machine.cores} cores (${machine.cpu}), Node ${machine.node}${quick ? ', quick run' : ''}`,
);

const io = await ioSuite(settings);
const primes = await primesSuite(settings);
const chunks = await chunksSuite(settings);
const python = pythonSuite(settings);

// The targets are reported, never asserted: a benchmark describes a machine.
const largest = Math.max(...primes.rows.map((row) => row.limit));
const warm2 = primes.rows.find(
  (row) => row.limit === largest && row.way === 'copies, warm pool' && row.copies === 2,
);
const allAtOnce = io.rows.find((row) => row.way === 'all at once');
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
  {
    target: 'all 50 pages at once within 1.3 × one page latency',
    measured: allAtOnce
      ? `${(allAtOnce.ms / allAtOnce.latencyMs).toFixed(2)} × (${formatMs(allAtOnce.ms)})`
      : 'not measured',
    met: allAtOnce ? allAtOnce.ms <= 1.3 * allAtOnce.latencyMs : false,
  },
];

const results = {
  machine,
  mode: quick ? 'quick' : 'full',
  repeats: settings.repeats,
  warmups: settings.warmups,
  io: io.rows,
  primes: primes.rows,
  chunks: chunks.rows,
  python: python.results,
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
  '## Waiting: pages over the network (chapters 1–3)',
  '',
  io.markdown,
  '',
  '## Thinking: the sum of the primes (chapters 4–6)',
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
].join('\n');

const charts = chartsFromResults(results);

mkdirSync(resultsDir, { recursive: true });
writeFileSync(path.join(resultsDir, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
writeFileSync(path.join(resultsDir, 'latest.md'), markdown);
for (const [name, svg] of Object.entries(charts)) writeFileSync(path.join(resultsDir, name), `${svg}\n`);
console.log(markdown);
console.error(
  `done in ${results.seconds} s; wrote ${path.relative(process.cwd(), resultsDir)}/latest.json, latest.md and ${Object.keys(charts).length} charts`,
);
