/**
 * The CPU chapters measured: the reference solutions of lessons 04–06.
 * Prints the Markdown tables quoted in those chapters.
 *
 * Run: `pnpm bench:chapters` (from the repository root).
 */
import os from 'node:os';
import { tsWorker } from '@spellbook/ts-worker';
import { Tinypool } from 'tinypool';
import {
  sumPrimesBelow,
  sumPrimesConcurrently,
  sumPrimesPolitely,
} from '../../solutions/04-the-curse/src/curse.ts';
import { sumPrimesInParallel } from '../../solutions/05-the-copying-spell/src/copying-spell.ts';
import { measureCopies, splitRange } from '../../solutions/06-too-many-copies/src/how-many-copies.ts';
import { costTable, whatCopiesCost } from '../../lessons/06-too-many-copies/try/what-copies-cost.ts';
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
console.log(
  '| limit | sumPrimesBelow | concurrently (4 parts) | politely (10 ms slices) | longest timer gap: concurrently | longest timer gap: politely |',
);
console.log('| ---: | ---: | ---: | ---: | ---: | ---: |');
for (const limit of [1e6, 2e6, 5e6]) {
  const plain = await time(() => sumPrimesBelow(limit));
  const concurrent = await time(() => sumPrimesConcurrently(limit, 4));
  const polite = await time(() => sumPrimesPolitely(limit, { sliceMs: 10 }));
  console.log(
    `| ${formatCount(limit)} | ${formatMs(plain.ms)} | ${formatMs(concurrent.ms)} | ${formatMs(polite.ms)} | ${formatMs(concurrent.longestGapMs ?? NaN)} | ${formatMs(polite.longestGapMs ?? NaN)} |`,
  );
}

console.log('\n### Chapter 5: two copies, a fresh pool each call\n');
console.log('| limit | one thread | 2 copies, cold pool | speed-up | CPU ÷ wall |');
console.log('| ---: | ---: | ---: | ---: | ---: |');
for (const limit of [1e6, 2e6, 5e6, 1e7]) {
  const plain = await time(() => sumPrimesBelow(limit));
  const copies = await time(() => sumPrimesInParallel(limit, { copies: 2 }));
  console.log(
    `| ${formatCount(limit)} | ${formatMs(plain.ms)} | ${formatMs(copies.ms)} | ${(plain.ms / copies.ms).toFixed(2)}× | ${copies.cpuShare.toFixed(2)} |`,
  );
}

console.log('\n### Chapter 6: how many copies (measureCopies, cold pools)\n');
console.log('| copies | time at 1e6 | speed-up at 1e6 | time at 1e7 | speed-up at 1e7 |');
console.log('| ---: | ---: | ---: | ---: | ---: |');
const counts = [1, 2, 3, 4, 8];
const small = await measureCopies(1e6, counts);
const large = await measureCopies(1e7, counts);
counts.forEach((copies, i) => {
  const [a, b] = [small[i], large[i]];
  if (!a || !b) return;
  console.log(
    `| ${copies} | ${formatMs(a.ms)} | ${a.speedup.toFixed(2)}× | ${formatMs(b.ms)} | ${b.speedup.toFixed(2)}× |`,
  );
});

console.log(
  '\n### Chapter 6: what extra copies cost (primes below 1e7; cold and warm pools; how late a 1 ms timer on the main thread fires while the warm copies compute; medians of 5)\n',
);
console.log(
  costTable(await whatCopiesCost({ limit: 1e7, counts: [1, 2, 4, 8, 16], split: splitRange, repeats: 5 })),
);

console.log('\n### Chapter 6: how the work is cut (2 copies, warm pool, 1e7)\n');
const pool = new Tinypool({
  // The worker is provided finished by the lesson; only the lesson's src/ holds it.
  filename: tsWorker(new URL('../../lessons/06-too-many-copies/src/sum-range-worker.ts', import.meta.url)),
  minThreads: 2,
  maxThreads: 2,
});
const equalWidths = (limit: number, chunks: number): Array<[number, number]> =>
  Array.from({ length: chunks }, (_, i) => [
    Math.round((limit * i) / chunks),
    Math.round((limit * (i + 1)) / chunks),
  ]);
const oneThread = await time(() => sumPrimesBelow(1e7));
console.log('| chunks | cut by | time | speed-up |');
console.log('| ---: | --- | ---: | ---: |');
for (const chunks of [2, 16]) {
  for (const [name, split] of [
    ['equal width', equalWidths],
    ['equal cost', splitRange],
  ] as const) {
    const ranges = split(1e7, chunks);
    const run = await time(() => Promise.all(ranges.map((range) => pool.run(range))));
    console.log(`| ${chunks} | ${name} | ${formatMs(run.ms)} | ${(oneThread.ms / run.ms).toFixed(2)}× |`);
  }
}
await pool.destroy();
