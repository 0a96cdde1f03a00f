/**
 * The CPU chapters measured: the reference solutions of lessons 04–06.
 * Prints the tables chapters 4, 5 and 6 quote and keeps them in
 * bench/results/chapters.json. (Chapter 6's tables of copy counts and of
 * how the work is cut come from `pnpm bench`.)
 *
 * Run: `pnpm bench:chapters` (from the repository root).
 */
import os from 'node:os';
import {
  sumPrimesBelow,
  sumPrimesConcurrently,
  sumPrimesPolitely,
} from '../../solutions/04-the-curse/src/curse.ts';
import { sumPrimesInParallel } from '../../solutions/05-the-copying-spell/src/copying-spell.ts';
import { splitRange } from '../../solutions/06-too-many-copies/src/how-many-copies.ts';
import { whatCopiesCost } from '../../lessons/06-too-many-copies/try/what-copies-cost.ts';
import { chapterFigure, chapterTable, saveChapterResults } from './chapter-results.ts';
import { formatCount, formatMs, time as timeWith, type BenchSettings } from './measure.ts';

const settings: BenchSettings = { quick: false, repeats: 5, warmups: 1 };
const REPEATS = settings.repeats;
/** Median of 5 runs after a warm-up, with a heartbeat timer beside each run. */
const time = (fn: () => unknown, label = 'chapter table') =>
  timeWith(label, fn, settings, { heartbeat: true });

console.log(
  `Node ${process.version}, ${os.availableParallelism()} cores (${os.cpus()[0]?.model ?? '?'}); median of ${REPEATS} runs\n`,
);

console.log('### Chapter 4: one thread, three ways\n');
const chapter4: string[][] = [];
for (const limit of [1e6, 2e6, 5e6]) {
  const plain = await time(() => sumPrimesBelow(limit));
  const concurrent = await time(() => sumPrimesConcurrently(limit, 4));
  const polite = await time(() => sumPrimesPolitely(limit, { sliceMs: 10 }));
  chapter4.push([
    formatCount(limit),
    formatMs(plain.ms),
    formatMs(concurrent.ms),
    formatMs(polite.ms),
    formatMs(concurrent.longestGapMs ?? NaN),
    formatMs(polite.longestGapMs ?? NaN),
  ]);
}
chapterTable(
  'curse',
  [
    'limit',
    'sumPrimesBelow',
    'concurrently (4 parts)',
    'politely (10 ms slices)',
    'longest timer gap, concurrently',
    'longest timer gap, politely',
  ],
  chapter4,
  [true, true, true, true, true, true],
);

console.log('### Chapter 5: two copies, a fresh pool each call\n');
const chapter5: string[][] = [];
for (const limit of [1e6, 2e6, 5e6, 1e7]) {
  const plain = await time(() => sumPrimesBelow(limit));
  const copies = await time(() => sumPrimesInParallel(limit, { copies: 2 }));
  chapter5.push([
    formatCount(limit),
    formatMs(plain.ms),
    formatMs(copies.ms),
    `${(plain.ms / copies.ms).toFixed(2)}×`,
    copies.cpuShare.toFixed(2),
  ]);
  if (limit === 5e6) chapterFigure('cold-pool-of-two-share-5e6', copies.cpuShare.toFixed(2));
}
chapterTable(
  'cold-pool-of-two',
  ['limit', 'one thread', '2 copies, cold pool', 'speed-up', 'CPU ÷ wall'],
  chapter5,
  [true, true, true, true, true],
);

console.log(
  '### Chapter 6: what extra copies cost (primes below 1e7; cold and warm pools; how late a 1 ms timer on the main thread fires while the warm copies compute)\n',
);
// The same measurement as the lesson's `pnpm what-copies-cost`, with more copies.
const costs = await whatCopiesCost({
  limit: 1e7,
  counts: [1, 2, 4, 8, 16],
  split: splitRange,
  repeats: REPEATS,
});
const cost = (ms: number) => (ms >= 100 ? formatMs(ms) : `${ms.toFixed(1)} ms`);
// Chapter 6's "the main thread waits its turn" quotes the timer's lateness at 2, 8 and 16 copies.
for (const row of costs) {
  chapterFigure(`timer-late-worst-${row.copies}`, cost(row.delayMs.max));
  chapterFigure(`timer-late-p99-${row.copies}`, cost(row.delayMs.p99));
}
chapterTable(
  'copies-cost',
  ['copies', 'cold pool', 'warm pool', 'timer late, median', '99th percentile', 'worst'],
  costs.map((row) => [
    String(row.copies),
    cost(row.coldMs),
    cost(row.warmMs),
    cost(row.delayMs.p50),
    cost(row.delayMs.p99),
    cost(row.delayMs.max),
  ]),
  [true, true, true, true, true, true],
);
saveChapterResults(REPEATS);
