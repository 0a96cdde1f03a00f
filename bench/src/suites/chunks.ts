/**
 * How the cut matters: the sum below 1e7 with as many copies as cores, in 2 …
 * 256 chunks, equal width (as chapter 5 cuts) and equal cost (chapter 6's
 * splitRange), on a warm pool.
 *
 * @module
 */
import os from 'node:os';
import { tsWorker } from '@spellbook/ts-worker';
import { Tinypool } from 'tinypool';
import { sumPrimesBelow } from '../../../solutions/04-the-curse/src/curse.ts';
import { splitRange } from '../../../solutions/06-too-many-copies/src/how-many-copies.ts';
import { formatCount, formatMs, table, time, type BenchSettings } from '../measure.ts';

/** One chunking measurement. */
export interface ChunkRow {
  readonly limit: number;
  readonly copies: number;
  readonly chunks: number;
  readonly cut: 'equal width' | 'equal cost';
  readonly ms: number;
  readonly speedup: number;
}

const equalWidths = (limit: number, chunks: number): Array<[number, number]> =>
  Array.from({ length: chunks }, (_, i) => [
    Math.round((limit * i) / chunks),
    Math.round((limit * (i + 1)) / chunks),
  ]);

export async function chunksSuite(settings: BenchSettings): Promise<{ rows: ChunkRow[]; markdown: string }> {
  const limit = settings.quick ? 2_000_000 : 10_000_000;
  const copies = os.availableParallelism();
  const counts = settings.quick ? [2, 16, 128] : [2, 4, 8, 16, 32, 64, 128, 256];
  const pool = new Tinypool({
    filename: tsWorker(
      // The worker is provided finished by the lesson; only the lesson's src/ holds it.
      new URL('../../../lessons/06-too-many-copies/src/sum-range-worker.ts', import.meta.url),
    ),
    minThreads: copies,
    maxThreads: copies,
  });
  await Promise.all(Array.from({ length: copies * 2 }, () => pool.run([0, 1_000])));
  const base = await time(
    `primes below ${formatCount(limit)}, one thread (for the chunk table)`,
    () => sumPrimesBelow(limit),
    settings,
  );
  const rows: ChunkRow[] = [];
  for (const chunks of counts) {
    for (const [cut, split] of [
      ['equal width', equalWidths],
      ['equal cost', splitRange],
    ] as const) {
      const pieces = split(limit, chunks);
      const t = await time(
        `${copies} copies, ${chunks} chunks of ${cut}`,
        () => Promise.all(pieces.map((piece) => pool.run(piece))),
        settings,
      );
      rows.push({ limit, copies, chunks, cut, ms: t.ms, speedup: base.ms / t.ms });
    }
  }
  await pool.destroy();
  const markdown = table(
    ['chunks', 'cut', 'time', 'speed-up'],
    rows.map((r) => [String(r.chunks), r.cut, formatMs(r.ms), `${r.speedup.toFixed(2)}×`]),
    ['r', 'l', 'r', 'r'],
  );
  return { rows, markdown: `Below ${formatCount(limit)}, ${copies} copies, warm pool:\n\n${markdown}` };
}
