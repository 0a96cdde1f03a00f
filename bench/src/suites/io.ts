/**
 * Waiting: 50 mocked pages that each answer after 50 ms, read one at a time
 * (chapter 1), all at once (chapter 2), and with bands of 1 … 25 messengers
 * (chapter 3).
 *
 * @module
 */
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
  readonly peakInFlight: number;
}

export async function ioSuite(settings: BenchSettings): Promise<{ rows: IoRow[]; markdown: string }> {
  const count = 50;
  const latencyMs = 50;
  const server = createScrollServer();
  server.listen();
  const rows: IoRow[] = [];
  const measure = async (
    way: IoRow['way'],
    messengers: number | null,
    read: (urls: string[]) => Promise<string[]>,
  ) => {
    let peak = 0;
    const label = way === 'band' ? `${count} pages, band of ${messengers}` : `${count} pages, ${way}`;
    const t = await time(
      label,
      async () => {
        const scroll = server.lay(pages(count, latencyMs));
        await read(scroll.urls);
        peak = Math.max(peak, scroll.meter.peakInFlight);
        server.reset();
      },
      settings,
    );
    rows.push({
      way,
      messengers,
      pages: count,
      latencyMs,
      ms: t.ms,
      cpuMs: t.ms * t.cpuShare,
      peakInFlight: peak,
    });
  };
  await measure('one at a time', null, readScroll);
  await measure('all at once', null, readScrollAtOnce);
  for (const messengers of settings.quick ? [1, 10] : [1, 2, 5, 10, 25]) {
    await measure('band', messengers, (urls) => readScrollWithBand(urls, { messengers }));
  }
  server.close();
  const markdown = table(
    ['way', 'messengers', 'time', 'CPU time', 'peak in flight', '× one latency'],
    rows.map((r) => [
      r.way,
      r.messengers === null ? '' : String(r.messengers),
      formatMs(r.ms),
      formatMs(r.cpuMs),
      String(r.peakInFlight),
      (r.ms / r.latencyMs).toFixed(2),
    ]),
    ['l', 'r', 'r', 'r', 'r', 'r'],
  );
  return { rows, markdown: `${count} pages, ${latencyMs} ms each:\n\n${markdown}` };
}
