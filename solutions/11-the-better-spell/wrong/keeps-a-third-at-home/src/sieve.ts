// Wrong on purpose: the pool sieves two thirds of the range, one span per
// copy so that no copy waits for the main thread, while the main thread sieves
// the other third itself. The pool looks busy; a third never left home.
import { tsWorker } from '@spellbook/ts-worker';
import { Tinypool } from 'tinypool';
import sumSpan from '../../../src/sieve-worker.ts';

function check(limit: number, copies: number): void {
  if (!Number.isInteger(limit) || limit < 0 || limit > 500_000_000) {
    throw new RangeError(`bad limit ${limit}`);
  }
  if (!Number.isInteger(copies) || copies < 1) throw new RangeError(`bad copies ${copies}`);
}

const spans = (from: number, to: number, parts: number) =>
  Array.from({ length: parts }, (_, i) => ({
    from: from + Math.floor(((to - from) * i) / parts),
    to: from + Math.floor(((to - from) * (i + 1)) / parts),
  }));

const newPool = (copies: number, file = '../../../src/sieve-worker.ts') =>
  new Tinypool({
    filename: tsWorker(new URL(file, import.meta.url)),
    minThreads: copies,
    maxThreads: copies,
  });

export function sumPrimesBelowSieve(limit: number): number {
  check(limit, 1);
  return sumSpan({ from: 0, to: limit });
}

export async function sumPrimesBelowSieveInParallel(
  limit: number,
  options: { copies?: number } = {},
): Promise<number> {
  const copies = options.copies ?? 2;
  check(limit, copies);
  const home = Math.floor(limit / 3);
  const pool = newPool(copies);
  try {
    const away = Promise.all(spans(home, limit, copies).map((span) => pool.run(span)));
    // Let the spans reach the workers before the main thread gets busy.
    await new Promise((resolve) => setTimeout(resolve, 0));
    const mine = sumSpan({ from: 0, to: home });
    const sums = (await away) as number[];
    return sums.reduce((total, part) => total + part, mine);
  } finally {
    await pool.destroy();
  }
}
