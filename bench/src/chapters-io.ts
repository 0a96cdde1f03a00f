/**
 * The IO chapters measured: the reference solutions of lessons 01–03 reading
 * mocked pages with a fixed latency. Prints the tables chapters 1–3 quote and
 * keeps them in bench/results/chapters.json.
 *
 * Run: `pnpm bench:chapters` (from the repository root).
 */
import os from 'node:os';
import { createScrollServer, median, pages } from '@spellbook/test-kit';
import { readScroll, timed } from '../../solutions/01-the-long-road/src/read-scroll.ts';
import { readScrollAtOnce } from '../../solutions/02-many-messengers/src/read-scroll-at-once.ts';
import { readScrollWithBand } from '../../solutions/03-a-trusted-band/src/read-scroll-with-band.ts';
import { chapterTable, saveChapterResults } from './chapter-results.ts';
import { formatMs } from './measure.ts';

const REPEATS = 5;
const server = createScrollServer();
server.listen();

interface Row {
  way: string;
  pages: number;
  latencyMs: number;
  wallMs: number;
  cpuMs: number;
  peakInFlight: number;
}

async function measure(
  way: string,
  count: number,
  latencyMs: number,
  read: (urls: readonly string[]) => Promise<string[]>,
): Promise<Row> {
  const walls: number[] = [];
  const cpus: number[] = [];
  let peak = 0;
  for (let i = 0; i < REPEATS; i += 1) {
    const scroll = server.lay(pages(count, latencyMs));
    const result = await timed(() => read(scroll.urls));
    walls.push(result.wallMs);
    cpus.push(result.cpuMs);
    peak = Math.max(peak, scroll.meter.peakInFlight);
    server.reset();
  }
  return { way, pages: count, latencyMs, wallMs: median(walls), cpuMs: median(cpus), peakInFlight: peak };
}

const LATENCY_MS = 60;
const COUNTS = [5, 10, 20];
const oneAtATime: Row[] = [];
const allAtOnce: Row[] = [];
for (const count of COUNTS) {
  oneAtATime.push(await measure('one at a time (ch. 1)', count, LATENCY_MS, readScroll));
  allAtOnce.push(await measure('all at once (ch. 2)', count, LATENCY_MS, readScrollAtOnce));
}
const BAND_PAGES = 10;
const bands: Array<Row & { messengers: number }> = [];
for (const messengers of [1, 2, 3, 5, 10]) {
  const row = await measure(`band of ${messengers} (ch. 3)`, BAND_PAGES, LATENCY_MS, (urls) =>
    readScrollWithBand(urls, { messengers }),
  );
  bands.push({ ...row, messengers });
}
server.close();

const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
console.log(
  `Node ${process.version}, ${os.availableParallelism()} cores (${cpu}); median of ${REPEATS} runs\n`,
);
const latency = (row: Row) => `${row.latencyMs} ms`;
console.log('### Chapter 1: one page at a time\n');
chapterTable(
  'long-road',
  ['pages', 'latency each', 'wall time', 'CPU time', 'CPU ÷ wall'],
  oneAtATime.map((row) => [
    String(row.pages),
    latency(row),
    formatMs(row.wallMs),
    `${row.cpuMs.toFixed(1)} ms`,
    `${((100 * row.cpuMs) / row.wallMs).toFixed(1)} %`,
  ]),
  [true, true, true, true, true],
);
console.log('### Chapter 2: every page at once\n');
chapterTable(
  'many-messengers',
  ['pages', 'latency', 'one at a time', 'all at once', 'peak in flight'],
  allAtOnce.map((row, i) => [
    String(row.pages),
    latency(row),
    formatMs(oneAtATime[i]?.wallMs ?? Number.NaN),
    formatMs(row.wallMs),
    String(row.peakInFlight),
  ]),
  [true, true, true, true, true],
);
console.log('### Chapter 3: a band of messengers\n');
chapterTable(
  'band',
  ['pages', 'latency', 'messengers', 'rounds', 'wall time', 'peak in flight'],
  bands.map((row) => [
    String(row.pages),
    latency(row),
    String(row.messengers),
    String(Math.ceil(row.pages / row.messengers)),
    formatMs(row.wallMs),
    String(row.peakInFlight),
  ]),
  [true, true, true, true, true, true],
);
saveChapterResults(REPEATS);
