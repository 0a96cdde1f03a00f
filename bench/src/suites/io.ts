/**
 * Waiting: 50 mocked pages that each answer after 50 ms, read one at a time
 * (chapter 1), all at once (chapter 2), and with bands of 1 … 25 messengers
 * (chapter 3). The same pages all at once and with a band of 10 are also
 * read from a real HTTP server on loopback, in another process: the mocked
 * pages cost msw's handling of every request in this thread, the real ones
 * only the client's side (undici's sockets and parsing).
 *
 * @module
 */
import { spawn } from 'node:child_process';
import { createScrollServer, pages } from '@spellbook/test-kit';
import { readScroll } from '../../../solutions/01-the-long-road/src/read-scroll.ts';
import { readScrollAtOnce } from '../../../solutions/02-many-messengers/src/read-scroll-at-once.ts';
import { readScrollWithBand } from '../../../solutions/03-a-trusted-band/src/read-scroll-with-band.ts';
import { formatMs, table, time, type BenchSettings } from '../measure.ts';

/** One IO measurement. */
export interface IoRow {
  readonly way: 'one at a time' | 'all at once' | 'band';
  readonly messengers: number | null;
  readonly pages: number;
  readonly latencyMs: number;
  readonly ms: number;
  /** CPU time the process spent meanwhile: mostly msw's own handling of the mocked requests. */
  readonly cpuMs: number;
  /** The most requests in flight at once, as the mock's meter counted them; null where nothing counted them. */
  readonly peakInFlight: number | null;
}

/**
 * A real HTTP server on 127.0.0.1 in a process of its own (so that its work
 * is not this thread's, as a real server's is not), answering every path
 * after `latencyMs` with the path as the page.
 */
async function loopbackServer(latencyMs: number): Promise<{ base: string; stop: () => void }> {
  const script = `
    const server = require('node:http').createServer((request, response) => {
      setTimeout(() => {
        response.writeHead(200, { 'content-type': 'text/plain' });
        response.end('page ' + request.url);
      }, ${latencyMs});
    });
    server.listen(0, '127.0.0.1', () => console.log(server.address().port));`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<string>((resolve, reject) => {
    child.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString().trim()));
    child.once('exit', (code) => reject(new Error(`the loopback server exited with ${code}`)));
  });
  return { base: `http://127.0.0.1:${port}`, stop: () => child.kill() };
}

/** The rows as a Markdown table. */
function ioTable(rows: readonly IoRow[]): string {
  return table(
    ['way', 'messengers', 'time', 'CPU time', 'peak in flight', '× one latency'],
    rows.map((r) => [
      r.way,
      r.messengers === null ? '' : String(r.messengers),
      formatMs(r.ms),
      formatMs(r.cpuMs),
      r.peakInFlight === null ? 'not counted' : String(r.peakInFlight),
      (r.ms / r.latencyMs).toFixed(2),
    ]),
    ['l', 'r', 'r', 'r', 'r', 'r'],
  );
}

export async function ioSuite(
  settings: BenchSettings,
): Promise<{ rows: IoRow[]; loopback: IoRow[]; markdown: string }> {
  const count = 50;
  const latencyMs = 50;
  /**
   * Times `read` (which gives the peak of requests in flight it saw, or null
   * where nothing counts them) and adds its row to `into`.
   */
  const measure = async (
    into: IoRow[],
    where: string,
    way: IoRow['way'],
    messengers: number | null,
    read: () => Promise<number | null>,
  ) => {
    let peak: number | null = null;
    const label = `${count} ${where}pages, ${way === 'band' ? `band of ${messengers}` : way}`;
    const t = await time(
      label,
      async () => {
        const seen = await read();
        peak = seen === null ? null : Math.max(peak ?? 0, seen);
      },
      settings,
    );
    into.push({
      way,
      messengers,
      pages: count,
      latencyMs,
      ms: t.ms,
      cpuMs: t.ms * t.cpuShare,
      peakInFlight: peak,
    });
  };

  const server = createScrollServer();
  server.listen();
  const rows: IoRow[] = [];
  const mocked = (read: (urls: string[]) => Promise<string[]>) => async () => {
    const scroll = server.lay(pages(count, latencyMs));
    await read(scroll.urls);
    const peak = scroll.meter.peakInFlight;
    server.reset();
    return peak;
  };
  await measure(rows, '', 'one at a time', null, mocked(readScroll));
  await measure(rows, '', 'all at once', null, mocked(readScrollAtOnce));
  for (const messengers of settings.quick ? [1, 10] : [1, 2, 5, 10, 25]) {
    await measure(
      rows,
      '',
      'band',
      messengers,
      mocked((urls) => readScrollWithBand(urls, { messengers })),
    );
  }
  server.close();

  // The same reads against a real server (msw no longer intercepts fetch).
  const loopback: IoRow[] = [];
  const real = await loopbackServer(latencyMs);
  const urls = Array.from({ length: count }, (_, i) => `${real.base}/scroll/page-${i + 1}`);
  const unmetered = (read: () => Promise<string[]>) => async () => {
    await read();
    return null;
  };
  await measure(
    loopback,
    'loopback ',
    'all at once',
    null,
    unmetered(() => readScrollAtOnce(urls)),
  );
  await measure(
    loopback,
    'loopback ',
    'band',
    10,
    unmetered(() => readScrollWithBand(urls, { messengers: 10 })),
  );
  real.stop();

  return {
    rows,
    loopback,
    markdown:
      `${count} pages, ${latencyMs} ms each, mocked by msw in this thread (as the tests do):\n\n${ioTable(rows)}\n\n` +
      `The same pages from a real HTTP server on 127.0.0.1 (node:http, in a process of its own):\n\n${ioTable(loopback)}`,
  };
}
