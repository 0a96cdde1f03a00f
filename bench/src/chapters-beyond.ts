/**
 * Chapters 8–10 measured: the reference solutions of the wizard's rule, the
 * shared scroll and the broken spell. Prints the Markdown tables quoted in
 * those chapters. (Chapters 7 and 11 are quoted from `pnpm bench`.)
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
console.log('| task | wall time | CPU time | CPU ÷ wall | chooseSpell |');
console.log('| --- | ---: | ---: | ---: | --- |');
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
  console.log(
    `| ${name} | ${formatMs(wallMs)} | ${formatMs(cpuMs)} | ${cpuShare.toFixed(2)} | ${chooseSpell({ wallMs, cpuMs, cpuShare })} |`,
  );
}
server.close();

console.log('\n### Chapter 9: one shared tally, 2 workers × 5 000 000 marks\n');
console.log('| tally | results of 5 runs | median time |');
console.log('| --- | --- | ---: |');
for (const [name, tally] of [
  ['plain read and write', tallyUnsafely],
  ['Atomics.add', tallySafely],
] as const) {
  const results: number[] = [];
  const times: number[] = [];
  for (let i = 0; i < REPEATS; i += 1) {
    const start = performance.now();
    results.push(await tally(2, 5_000_000));
    times.push(performance.now() - start);
  }
  console.log(`| ${name} | ${results.map(formatCount).join(', ')} | ${formatMs(median(times))} |`);
}

console.log('\n### Chapter 9: sending a buffer to a worker\n');
console.log('| size | copied | transferred | copy ÷ transfer |');
console.log('| ---: | ---: | ---: | ---: |');
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
  console.log(`| ${mib} MiB | ${c.toFixed(2)} ms | ${t.toFixed(2)} ms | ${(c / t).toFixed(0)}× |`);
}

console.log('\n### Chapter 10: breaking the spell (primes below 200 000 000, 2 copies)\n');
console.log('| broken by | after | rejected after | late by | CPU ÷ wall in the next 300 ms |');
console.log('| --- | ---: | ---: | ---: | ---: |');
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
  console.log(
    `| ${how} | ${ms} ms | ${formatMs(median(rejected))} | ${median(lateness).toFixed(1)} ms | ${median(after).toFixed(2)} |`,
  );
}
