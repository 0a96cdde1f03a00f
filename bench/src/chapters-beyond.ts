/**
 * Chapters 8–10 and 12 measured: the reference solutions of the wizard's
 * rule, the shared scroll, the broken spell and the Moot's ledger. Prints the
 * tables those chapters quote and keeps them, with the figures their prose
 * quotes, in bench/results/chapters.json. (Chapters 7 and 11 are quoted from
 * `pnpm bench`.)
 *
 * Run: `pnpm bench:chapters` (from the repository root).
 */
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { median } from '@spellbook/test-kit';
import { sumPrimesBelow } from '../../solutions/04-the-curse/src/curse.ts';
import { sumPrimesInParallel } from '../../solutions/05-the-copying-spell/src/copying-spell.ts';
import { chooseSpell, profile } from '../../solutions/08-the-wizards-rule/src/wizards-rule.ts';
import {
  sendScroll,
  tallySafely,
  tallyUnsafely,
} from '../../solutions/09-one-shared-scroll/src/shared-scroll.ts';
import { sumPrimesWithDeadline } from '../../solutions/10-breaking-the-spell/src/breaking.ts';
import { openLedger } from '../../solutions/12-the-moots-ledger/src/ledger.ts';
import { tsWorker } from '@spellbook/ts-worker';
import { Tinypool } from 'tinypool';
import { chapterFigure, chapterTable, saveChapterResults } from './chapter-results.ts';
import { formatCount, formatMs } from './measure.ts';

const REPEATS = 5;
console.log(
  `Node ${process.version}, ${os.availableParallelism()} cores (${os.cpus()[0]?.model ?? '?'}); median of ${REPEATS} runs\n`,
);

// A local server whose pages answer after the delay in their path: /wait/200.
const server = createServer((request, response) => {
  const ms = Number(/\/wait\/(\d+)/.exec(request.url ?? '')?.[1] ?? 0);
  setTimeout(() => response.end('news'), ms);
});
server.listen(0, '127.0.0.1');
await once(server, 'listening');
const { port } = server.address() as AddressInfo;
const page = async (ms: number) => (await fetch(`http://127.0.0.1:${port}/wait/${ms}`)).text();

console.log("### Chapter 8: the wizard's rule\n");
const chapter8: string[][] = [];
const tasks: Array<[string, () => unknown]> = [
  ['fetch a page that answers after 200 ms', () => page(200)],
  ['sumPrimesBelow(2 000 000)', () => sumPrimesBelow(2e6)],
  ['fetch (200 ms), then sumPrimesBelow(300 000)', async () => [await page(200), sumPrimesBelow(3e5)]],
  ['sumPrimesBelow(2 000 000), then fetch (20 ms)', async () => [sumPrimesBelow(2e6), await page(20)]],
  ['sumPrimesInParallel(5 000 000), 2 copies', () => sumPrimesInParallel(5e6, { copies: 2 })],
];
for (const [name, task] of tasks) {
  await profile(task); // warm-up
  const runs = [];
  for (let i = 0; i < REPEATS; i += 1) runs.push(await profile(task));
  const wallMs = median(runs.map((r) => r.wallMs));
  const cpuMs = median(runs.map((r) => r.cpuMs));
  const cpuShare = median(runs.map((r) => r.cpuShare));
  chapter8.push([
    name,
    formatMs(wallMs),
    formatMs(cpuMs),
    cpuShare.toFixed(2),
    chooseSpell({ wallMs, cpuMs, cpuShare }),
  ]);
}
server.close();
chapterTable('wizards-rule', ['task', 'wall time', 'CPU time', 'CPU ÷ wall', 'chooseSpell'], chapter8, [
  false,
  true,
  true,
  true,
  false,
]);

console.log('### Chapter 9: one shared tally, 2 workers × 5 000 000 marks\n');
const MARKS = 5_000_000;
const chapter9: string[][] = [];
const tallyMs: Record<string, number> = {};
for (const [name, tally] of [
  ['plain read and write', tallyUnsafely],
  ['Atomics.add', tallySafely],
] as const) {
  const results: number[] = [];
  const times: number[] = [];
  for (let i = 0; i < REPEATS; i += 1) {
    const start = performance.now();
    results.push(await tally(2, MARKS));
    times.push(performance.now() - start);
  }
  chapter9.push([name, results.map(formatCount).join(', '), formatMs(median(times))]);
  tallyMs[name] = median(times);
  if (name === 'plain read and write') {
    // How much of the 2 × MARKS each plain run lost, least and most.
    const lost = results.map((result) => (100 * (2 * MARKS - result)) / (2 * MARKS));
    chapterFigure(
      'plain-tally-lost',
      `between ${Math.round(Math.min(...lost))} % and ${Math.round(Math.max(...lost))} %`,
    );
  }
}
chapterTable('shared-tally', ['tally', `results of ${REPEATS} runs`, 'median time'], chapter9, [
  false,
  false,
  true,
]);
chapterFigure(
  'atomics-against-plain',
  `${Math.round((tallyMs['Atomics.add'] ?? Number.NaN) / (tallyMs['plain read and write'] ?? Number.NaN))}×`,
);

console.log('### Chapter 9: sending a buffer to a worker\n');
const sending: string[][] = [];
for (const mib of [1, 16, 64, 256]) {
  const copy: number[] = [];
  const transfer: number[] = [];
  for (let i = 0; i < REPEATS + 1; i += 1) {
    const a = await sendScroll(new ArrayBuffer(mib * 2 ** 20), { transfer: false });
    const b = await sendScroll(new ArrayBuffer(mib * 2 ** 20), { transfer: true });
    if (i === 0) continue; // warm-up
    copy.push(a.ms);
    transfer.push(b.ms);
  }
  const [c, t] = [median(copy), median(transfer)];
  sending.push([`${mib} MiB`, `${c.toFixed(2)} ms`, `${t.toFixed(2)} ms`, `${(c / t).toFixed(0)}×`]);
  if (mib === 256) {
    chapterFigure('copy-per-mib', `${(c / mib).toFixed(1)} ms`);
    chapterFigure('transfer-256-mib', `${t.toFixed(1)} ms`);
  }
}
chapterTable('send-buffer', ['size', 'copied', 'transferred', 'copy ÷ transfer'], sending, [
  true,
  true,
  true,
  true,
]);

console.log('### Chapter 10: breaking the spell (primes below 200 000 000, 2 copies)\n');
const chapter10: string[][] = [];
for (const [how, ms] of [
  ['deadline', 200],
  ['deadline', 500],
  ['signal', 300],
] as const) {
  const lateness: number[] = [];
  const rejected: number[] = [];
  const after: number[] = [];
  for (let i = 0; i < REPEATS; i += 1) {
    const controller = new AbortController();
    const start = performance.now();
    if (how === 'signal') setTimeout(() => controller.abort(), ms);
    const options =
      how === 'deadline' ? { deadlineMs: ms, copies: 2 } : { signal: controller.signal, copies: 2 };
    await sumPrimesWithDeadline(200_000_000, options).catch(() => undefined);
    const elapsed = performance.now() - start;
    rejected.push(elapsed);
    lateness.push(elapsed - ms);
    const cpu = process.cpuUsage();
    const wall = performance.now();
    await new Promise((resolve) => setTimeout(resolve, 300));
    const used = process.cpuUsage(cpu);
    after.push((used.user + used.system) / 1000 / (performance.now() - wall));
  }
  chapter10.push([
    how,
    `${ms} ms`,
    formatMs(median(rejected)),
    `${median(lateness).toFixed(1)} ms`,
    median(after).toFixed(2),
  ]);
}
chapterTable(
  'breaking',
  ['broken by', 'after', 'rejected after', 'late by', 'CPU ÷ wall in the next 300 ms'],
  chapter10,
  [false, true, true, true, true],
);

console.log("### Chapter 12: the Moot's ledger (2 copies)\n");
// Pages that hold a number and answer after the delay in their path: /page/<ms>/<n>.
const moot = createServer((request, response) => {
  const [, ms = '0', n = '0'] = /\/page\/(\d+)\/(\d+)/.exec(request.url ?? '') ?? [];
  setTimeout(() => response.end(n), Number(ms));
});
moot.listen(0, '127.0.0.1');
await once(moot, 'listening');
const mootPort = (moot.address() as AddressInfo).port;
const scroll = (pages: ReadonlyArray<readonly [ms: number, n: number]>) =>
  pages.map(([ms, n]) => `http://127.0.0.1:${mootPort}/page/${ms}/${n}`);
const tallyWorker = tsWorker(
  new URL('../../lessons/12-the-moots-ledger/src/tally-worker.ts', import.meta.url),
);

/** A call the way chapters 5–11 make one: a pool of its own, started and destroyed around it, every page at once. */
async function coldPoolCall(urls: readonly string[]): Promise<number[]> {
  const pool = new Tinypool({ filename: tallyWorker, minThreads: 2, maxThreads: 2 });
  try {
    return await Promise.all(
      urls.map(async (url) => (await pool.run(Number(await (await fetch(url)).text()))) as number),
    );
  } finally {
    await pool.destroy();
  }
}

{
  const calls = Array.from({ length: 8 }, (_, call) =>
    scroll([0, 1, 2].map((page) => [2, 5_000 + 2_000 * call + page] as const)),
  );
  const onLedger = async () => {
    const ledger = openLedger({ copies: 2, maxWaiting: 1 });
    for (const urls of calls) for await (const _tally of ledger.tallyScroll(urls));
    await ledger.close();
  };
  const coldPools = async () => {
    for (const urls of calls) await coldPoolCall(urls);
  };
  await onLedger();
  await coldPools();
  const ledgerMs: number[] = [];
  const coldMs: number[] = [];
  for (let i = 0; i < REPEATS; i += 1) {
    let start = performance.now();
    await coldPools();
    coldMs.push(performance.now() - start);
    start = performance.now();
    await onLedger();
    ledgerMs.push(performance.now() - start);
  }
  const [l, c] = [median(ledgerMs), median(coldMs)];
  chapterTable(
    'ledger-calls',
    ['8 small calls (3 pages each, 2 ms road)', 'time', 'per call'],
    [
      ['one ledger, opened and closed once', formatMs(l), `${(l / 8).toFixed(1)} ms`],
      ['a cold pool per call', formatMs(c), `${(c / 8).toFixed(1)} ms`],
    ],
    [false, true, true],
  );
  chapterFigure('ledger-against-cold-pools', `${(c / l).toFixed(1)}×`);
}

{
  // 24 pages on a quick road (2 ms), each a tally of 15–20 ms: without
  // backpressure, every page is fetched at once and waits in the pool's queue.
  const urls = scroll(Array.from({ length: 24 }, (_, page) => [2, 300_000 + 4_000 * page] as const));
  // A slow reader pauses this long after each tally, as one that writes each somewhere.
  const pauseMs = 20;
  const held = async (read: () => AsyncIterable<unknown>, readerPauseMs = 0) => {
    let fetched = 0;
    let tallied = 0;
    let most = 0;
    const originalFetch = globalThis.fetch;
    globalThis.fetch = async (...args: Parameters<typeof fetch>) => {
      fetched += 1;
      most = Math.max(most, fetched - tallied);
      return originalFetch(...args);
    };
    const start = performance.now();
    try {
      for await (const _tally of read()) {
        tallied += 1;
        if (readerPauseMs > 0) await new Promise((resolve) => setTimeout(resolve, readerPauseMs));
      }
    } finally {
      globalThis.fetch = originalFetch;
    }
    return { most, ms: performance.now() - start };
  };
  async function* everyPageAtOnce(): AsyncGenerator<number> {
    const pool = new Tinypool({ filename: tallyWorker, minThreads: 2, maxThreads: 2 });
    try {
      const pending = new Map<number, Promise<[number, number]>>();
      urls.forEach((url, index) =>
        pending.set(
          index,
          fetch(url)
            .then(async (response) => pool.run(Number(await response.text())) as Promise<number>)
            .then((sum) => [index, sum]),
        ),
      );
      while (pending.size > 0) {
        const [index, sum] = await Promise.race(pending.values());
        pending.delete(index);
        yield sum;
      }
    } finally {
      await pool.destroy();
    }
  }
  const ledger = openLedger({ copies: 2, maxWaiting: 2 });
  await held(() => ledger.tallyScroll(urls));
  const bounded: Array<{ most: number; ms: number }> = [];
  const unbounded: Array<{ most: number; ms: number }> = [];
  const boundedSlow: Array<{ most: number; ms: number }> = [];
  const unboundedSlow: Array<{ most: number; ms: number }> = [];
  for (let i = 0; i < REPEATS; i += 1) {
    bounded.push(await held(() => ledger.tallyScroll(urls)));
    unbounded.push(await held(everyPageAtOnce));
    boundedSlow.push(await held(() => ledger.tallyScroll(urls), pauseMs));
    unboundedSlow.push(await held(everyPageAtOnce, pauseMs));
  }
  await ledger.close();
  const ways = [
    ['the ledger, `maxWaiting: 2` (4 places)', 'at once', bounded],
    ['every page fetched at once', 'at once', unbounded],
    ['the ledger, `maxWaiting: 2` (4 places)', `${pauseMs} ms after each`, boundedSlow],
    ['every page fetched at once', `${pauseMs} ms after each`, unboundedSlow],
  ] as const;
  chapterTable(
    'ledger-backpressure',
    [
      '24 pages, 2 ms road, tallies of 15–20 ms',
      'the caller reads',
      'most pages fetched and not yet read by the caller',
      'time',
    ],
    ways.map(([name, reader, runs]) => [
      name,
      reader,
      String(median(runs.map((r) => r.most))),
      formatMs(median(runs.map((r) => r.ms))),
    ]),
    [false, false, true, true],
  );
  chapterFigure('ledger-bounded-time', formatMs(median(bounded.map((r) => r.ms))));
  chapterFigure('ledger-unbounded-time', formatMs(median(unbounded.map((r) => r.ms))));
  chapterFigure('ledger-most-held', String(median(bounded.map((r) => r.most))));
  chapterFigure('ledger-unbounded-most-held', String(median(unbounded.map((r) => r.most))));
  chapterFigure('ledger-slow-reader-most-held', String(median(boundedSlow.map((r) => r.most))));
  chapterFigure('ledger-slow-reader-unbounded-most-held', String(median(unboundedSlow.map((r) => r.most))));
  chapterFigure('ledger-reader-pause', `${pauseMs} ms`);
}

{
  // The first page a long tally, six quick ones after it.
  const urls = scroll([[10, 5_500_000], ...Array.from({ length: 6 }, (_, i) => [10, 20_000 + i] as const)]);
  const ledger = openLedger({ copies: 2, maxWaiting: 2 });
  for await (const _tally of ledger.tallyScroll(urls));
  const first: number[] = [];
  const long: number[] = [];
  for (let i = 0; i < REPEATS; i += 1) {
    const start = performance.now();
    let firstAt: number | undefined;
    for await (const { url } of ledger.tallyScroll(urls)) {
      firstAt ??= performance.now() - start;
      if (url === urls[0]) long.push(performance.now() - start);
    }
    first.push(firstAt ?? Number.NaN);
  }
  const firstRows: string[][] = [
    ['the first tally yielded', formatMs(median(first))],
    ['the long first page yielded', formatMs(median(long))],
  ];

  // An abort while a copy is in the middle of the long tally.
  const late: number[] = [];
  for (let i = 0; i < REPEATS; i += 1) {
    const controller = new AbortController();
    let abortedAt = Number.NaN;
    setTimeout(() => {
      abortedAt = performance.now();
      controller.abort();
    }, 200);
    try {
      for await (const _tally of ledger.tallyScroll(urls, { signal: controller.signal }));
    } catch {
      late.push(performance.now() - abortedAt);
    }
  }
  firstRows.push([
    'an abort 200 ms in, during the long tally: thrown after the abort',
    `${median(late).toFixed(1)} ms`,
  ]);
  chapterTable('ledger-first', ['a scroll of 7 pages, the first a long tally', 'after'], firstRows, [
    false,
    true,
  ]);
  await ledger.close();
}
moot.close();
saveChapterResults(REPEATS);
