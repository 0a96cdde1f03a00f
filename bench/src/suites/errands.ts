/**
 * Errands for copies (chapter 7): the same pages read by one courier, by a
 * band of k requests on the event loop, and by k worker threads, over real
 * HTTP on localhost (msw does not reach into worker threads, and a local
 * server keeps the figures free of any test harness). Then what one idle
 * worker costs to start.
 *
 * @module
 */
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { median } from '@spellbook/test-kit';
import { readScroll } from '../../../solutions/01-the-long-road/src/read-scroll.ts';
import { readScrollWithBand } from '../../../solutions/03-a-trusted-band/src/read-scroll-with-band.ts';
import { costOfACopy, readScrollWithCopies } from '../../../solutions/07-errands-for-copies/src/errands.ts';
import { formatMs, progress, table, time, type BenchSettings } from '../measure.ts';

/** One errands measurement. */
export interface ErrandRow {
  readonly way: 'one courier' | 'band' | 'copies';
  readonly inFlight: number;
  readonly pages: number;
  readonly latencyMs: number;
  readonly ms: number;
  readonly cpuShare: number;
}

/** What one idle worker cost, as `costOfACopy` measured it. */
export interface CopyCostRow {
  readonly startupMs: number;
  readonly heapMiB: number;
  readonly samples: number;
}

/** A local server whose every page answers after `latencyMs`. */
async function slowServer(latencyMs: number) {
  const server = createServer((request, response) => {
    setTimeout(() => response.end(`News from ${request.url ?? '/'}`), latencyMs);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    urls: (count: number) =>
      Array.from({ length: count }, (_, i) => `http://127.0.0.1:${port}/page-${i + 1}`),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export async function errandsSuite(
  settings: BenchSettings,
): Promise<{ rows: ErrandRow[]; cost: CopyCostRow; markdown: string }> {
  const count = 16;
  const latencyMs = 50;
  const server = await slowServer(latencyMs);
  const urls = server.urls(count);
  const rows: ErrandRow[] = [];
  const measure = async (way: ErrandRow['way'], inFlight: number, read: () => Promise<string[]>) => {
    const label =
      way === 'one courier' ? `${count} pages, one courier` : `${count} pages, ${way} of ${inFlight}`;
    const t = await time(label, read, settings);
    rows.push({ way, inFlight, pages: count, latencyMs, ms: t.ms, cpuShare: t.cpuShare });
  };
  try {
    await measure('one courier', 1, () => readScroll(urls));
    for (const k of settings.quick ? [4] : [2, 4, 8]) {
      await measure('band', k, () => readScrollWithBand(urls, { messengers: k }));
      await measure('copies', k, () => readScrollWithCopies(urls, { copies: k }));
    }
  } finally {
    await server.close();
  }

  const samples = settings.quick ? 5 : 15;
  await costOfACopy(); // the first worker of a process also loads the worker machinery
  const costs = [];
  for (let i = 0; i < samples; i += 1) costs.push(await costOfACopy());
  const cost: CopyCostRow = {
    startupMs: median(costs.map((c) => c.startupMs)),
    heapMiB: median(costs.map((c) => c.memoryBytes)) / 2 ** 20,
    samples,
  };
  progress(
    `one idle worker: ${cost.startupMs.toFixed(1)} ms to start, ${cost.heapMiB.toFixed(1)} MiB of heap`,
  );

  const courier = rows[0]?.ms ?? Number.NaN;
  const markdown = [
    `${count} pages on a local server, ${latencyMs} ms each:`,
    '',
    table(
      ['way', 'in flight', 'time', '× one courier', 'CPU ÷ wall'],
      rows.map((r) => [
        r.way,
        String(r.inFlight),
        formatMs(r.ms),
        (courier / r.ms).toFixed(2),
        r.cpuShare.toFixed(2),
      ]),
      ['l', 'r', 'r', 'r', 'r'],
    ),
    '',
    `One idle worker thread (\`costOfACopy\`, median of ${samples}): ${cost.startupMs.toFixed(1)} ms to start, ` +
      `${cost.heapMiB.toFixed(1)} MiB of heap before it has done anything.`,
  ].join('\n');
  return { rows, cost, markdown };
}
