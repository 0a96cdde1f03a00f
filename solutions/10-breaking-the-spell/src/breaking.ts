/**
 * Chapter 10 — Breaking the Spell (reference solution).
 *
 * @module
 */
import { setMaxListeners } from 'node:events';
import os from 'node:os';
import { tsWorker } from '@spellbook/ts-worker';
import { Tinypool } from 'tinypool';

/** See chapter 4: past this limit the sum would no longer be exact. */
const MAX_EXACT_LIMIT = 500_000_000;

/** Options for {@link sumPrimesWithDeadline}. */
export interface BreakOptions {
  /** Give up this many milliseconds after the call. */
  deadlineMs?: number;
  /** Give up when this signal is aborted. */
  signal?: AbortSignal;
  /** How many worker threads to use. Default: the number of cores. */
  copies?: number;
}

/** The longest delay Node's timers keep: a longer one would fire after 1 ms. */
const LONGEST_TIMER_MS = 2_147_483_647;

function wholeNumber(value: number, name: string, min: number): void {
  if (!Number.isInteger(value) || value < min) {
    throw new RangeError(`${name} must be a whole number ≥ ${min}, got ${value}`);
  }
}

function brokenSpell(why: string): DOMException {
  return new DOMException(`The spell was broken: ${why}`, 'AbortError');
}

/**
 * The sum of the primes below `limit` on a pool of worker threads, abandoned
 * with an `AbortError` as soon as the deadline passes or the signal is
 * aborted — and then every worker is terminated, not left to finish a sum
 * that nobody will read.
 */
export async function sumPrimesWithDeadline(limit: number, options: BreakOptions = {}): Promise<number> {
  wholeNumber(limit, 'limit', 0);
  if (limit > MAX_EXACT_LIMIT) throw new RangeError(`limit must be at most ${MAX_EXACT_LIMIT}, got ${limit}`);
  const { deadlineMs, signal } = options;
  if (
    deadlineMs !== undefined &&
    !(Number.isInteger(deadlineMs) && deadlineMs >= 0 && deadlineMs <= LONGEST_TIMER_MS)
  ) {
    throw new RangeError(
      `deadlineMs must be a whole number of milliseconds from 0 to ${LONGEST_TIMER_MS}, got ${deadlineMs}`,
    );
  }
  const copies = options.copies ?? os.availableParallelism();
  wholeNumber(copies, 'copies', 1);
  if (signal?.aborted) throw brokenSpell('aborted before it began');

  // One way to stop, whichever comes first: the caller's signal or the deadline.
  const stop = new AbortController();
  // Every chunk's task listens to it: more than Node's default of 10 listeners
  // is expected here, not a leak.
  setMaxListeners(copies * 8 + 1, stop.signal);
  const onAbort = () => stop.abort(brokenSpell('aborted'));
  signal?.addEventListener('abort', onAbort);
  const timer =
    deadlineMs === undefined
      ? undefined
      : setTimeout(() => stop.abort(brokenSpell(`the deadline of ${deadlineMs} ms passed`)), deadlineMs);

  const chunks = copies * 8;
  const ranges = Array.from({ length: chunks }, (_, i) => [
    Math.floor((limit * i) / chunks),
    Math.floor((limit * (i + 1)) / chunks),
  ]);
  const pool = new Tinypool({
    filename: tsWorker(new URL('./sum-range-worker.ts', import.meta.url)),
    minThreads: copies,
    maxThreads: copies,
  });
  try {
    const parts = await Promise.all(
      ranges.map((range) => pool.run(range, { signal: stop.signal }) as Promise<number>),
    );
    return parts.reduce((total, sum) => total + sum, 0);
  } catch (error) {
    // Tinypool rejects each aborted task at once, with an AbortError of its
    // own; the reason we aborted with says why the spell was broken.
    throw stop.signal.aborted ? (stop.signal.reason as DOMException) : error;
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
    // Terminates the threads, even in the middle of a sum: a broken spell
    // leaves no copy at a desk.
    await pool.destroy();
  }
}
