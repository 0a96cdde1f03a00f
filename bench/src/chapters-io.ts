/**
 * The IO chapters measured: the reference solutions of lessons 01–03 reading
 * mocked pages with a fixed latency. Prints a Markdown table.
 *
 * Run: `pnpm bench:chapters` (from the repository root).
 */
import os from 'node:os';
import { createScrollServer, median, pages } from '@spellbook/test-kit';
import { readScroll, timed } from '../../solutions/01-the-long-road/src/read-scroll.ts';
import { readScrollAtOnce } from '../../solutions/02-many-messengers/src/read-scroll-at-once.ts';
import { readScrollWithBand } from '../../solutions/03-a-trusted-band/src/read-scroll-with-band.ts';

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

const rows: Row[] = [];
for (const count of [5, 10, 20]) {
  rows.push(await measure('one at a time (ch. 1)', count, 60, readScroll));
  rows.push(await measure('all at once (ch. 2)', count, 60, readScrollAtOnce));
}
for (const messengers of [1, 2, 3, 5, 10]) {
  rows.push(
    await measure(`band of ${messengers} (ch. 3)`, 10, 60, (urls) =>
      readScrollWithBand(urls, { messengers }),
    ),
  );
}
server.close();

const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
console.log(
  `Node ${process.version}, ${os.availableParallelism()} cores (${cpu}); median of ${REPEATS} runs\n`,
);
console.log('| way | pages | latency | wall time | CPU time | CPU ÷ wall | peak in flight |');
console.log('| --- | ----: | ------: | --------: | -------: | ---------: | -------------: |');
for (const row of rows) {
  console.log(
    `| ${row.way} | ${row.pages} | ${row.latencyMs} ms | ${Math.round(row.wallMs)} ms | ${row.cpuMs.toFixed(1)} ms | ${((100 * row.cpuMs) / row.wallMs).toFixed(1)} % | ${row.peakInFlight} |`,
  );
}
