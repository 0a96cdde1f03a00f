/**
 * Chapter 12 — The Moot's Ledger (reference solution).
 *
 * @module
 */
import { tsWorker } from '@spellbook/ts-worker';
import { Tinypool } from 'tinypool';

/** The sum of the primes below 1e8 (279 209 790 387 276) is still below 2^53, so every tally is exact. */
const MAX_PAGE = 100_000_000;

/** Options for {@link openLedger}. */
export interface LedgerOptions {
  copies: number;
  maxWaiting: number;
}

/** One page, tallied. */
export interface Tally {
  url: string;
  sum: number;
}

/** Options for {@link Ledger.tallyScroll}. */
export interface TallyOptions {
  signal?: AbortSignal;
}

/** A long-lived pool that tallies scrolls. */
export interface Ledger {
  tallyScroll(urls: readonly string[], options?: TallyOptions): AsyncIterable<Tally>;
  close(): Promise<void>;
}

function wholeNumber(value: number, name: string, min: number): void {
  if (!Number.isInteger(value) || value < min) {
    throw new RangeError(`${name} must be a whole number ≥ ${min}, got ${value}`);
  }
}

function stopped(): DOMException {
  return new DOMException('The tally was called off', 'AbortError');
}

/**
 * The desks: `size` places shared by every call of a ledger. A page holds one
 * from before its fetch until the caller has taken its tally (or its call has
 * ended), so pages fetched, pages on the pool's queue, pages being tallied
 * and tallies not yet read together never pass `size`: a slow reader slows
 * the road.
 */
class Desks {
  #free: number;
  readonly #queue: Array<() => void> = [];

  constructor(size: number) {
    this.#free = size;
  }

  /** Waits for a free place, first come first served; rejects if `signal` aborts first. */
  take(signal: AbortSignal): Promise<void> {
    if (signal.aborted) return Promise.reject(stopped());
    if (this.#free > 0) {
      this.#free -= 1;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const granted = () => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      };
      const onAbort = () => {
        this.#queue.splice(this.#queue.indexOf(granted), 1);
        reject(stopped());
      };
      signal.addEventListener('abort', onAbort);
      this.#queue.push(granted);
    });
  }

  /** Gives a place back: to the longest waiter, or to the free count. */
  give(): void {
    const next = this.#queue.shift();
    if (next) next();
    else this.#free += 1;
  }
}

/**
 * Results waiting for the reader, in the order they arrived. `take` waits for
 * the next one; `fail` makes the waiting `take` (and every later one) reject;
 * `close` ends it and says how many results were never read.
 */
class Inbox<T> {
  readonly #ready: T[] = [];
  #failure: { error: Error } | undefined;
  #closed = false;
  #waiter: { resolve: (value: T) => void; reject: (error: unknown) => void } | undefined;

  /** Keeps `value` for the reader; false when nobody will read it (the call failed or ended). */
  put(value: T): boolean {
    if (this.#failure || this.#closed) return false;
    if (this.#waiter) {
      this.#waiter.resolve(value);
      this.#waiter = undefined;
    } else this.#ready.push(value);
    return true;
  }

  /** Ends the inbox: later puts are refused. Returns how many results were put and never taken. */
  close(): number {
    this.#closed = true;
    return this.#ready.splice(0).length;
  }

  fail(error: Error): void {
    if (this.#failure) return;
    this.#failure = { error };
    this.#waiter?.reject(error);
    this.#waiter = undefined;
  }

  take(): Promise<T> {
    if (this.#failure) return Promise.reject(this.#failure.error);
    if (this.#ready.length > 0) return Promise.resolve(this.#ready.shift() as T);
    return new Promise((resolve, reject) => {
      this.#waiter = { resolve, reject };
    });
  }
}

async function readPage(url: string, signal: AbortSignal): Promise<number> {
  let response: Response;
  try {
    response = await fetch(url, { signal });
  } catch (error) {
    throw new Error(`Could not fetch ${url}: ${(error as Error).message}`, { cause: error });
  }
  if (!response.ok) throw new Error(`${url} answered ${response.status} ${response.statusText}`);
  const text = (await response.text()).trim();
  const n = Number(text);
  if (!/^\d+$/.test(text) || n > MAX_PAGE) {
    throw new Error(`${url} does not hold a whole number from 0 to ${MAX_PAGE}: "${text.slice(0, 40)}"`);
  }
  return n;
}

class MootLedger implements Ledger {
  readonly #pool: Tinypool;
  readonly #desks: Desks;
  /** Every call whose iteration has begun and whose pages are not all settled. */
  readonly #inProgress = new Set<Promise<void>>();
  #closing: Promise<void> | undefined;

  constructor(copies: number, maxWaiting: number) {
    this.#pool = new Tinypool({
      filename: tsWorker(new URL('./tally-worker.ts', import.meta.url)),
      minThreads: copies,
      maxThreads: copies,
    });
    this.#desks = new Desks(copies + maxWaiting);
  }

  tallyScroll(urls: readonly string[], options: TallyOptions = {}): AsyncIterable<Tally> {
    return this.#tally([...urls], options.signal);
  }

  async *#tally(urls: readonly string[], signal: AbortSignal | undefined): AsyncGenerator<Tally> {
    if (this.#closing) throw new Error('The ledger is closed: open a new one to tally more scrolls');
    if (signal?.aborted) throw stopped();

    // This call's own stop: the caller's signal, a page that failed, or a
    // reader who stopped reading. It never reaches pool.run: aborting a
    // running Tinypool task ends its thread, and the pool would go cold.
    const call = new AbortController();
    const inbox = new Inbox<Tally>();
    const onAbort = () => {
      call.abort();
      inbox.fail(stopped());
    };
    signal?.addEventListener('abort', onAbort);

    // A page's place goes with its tally into the inbox, and comes back once
    // the caller has taken it (below); a page that yields no tally gives it back here.
    // Once the call is off, the inbox takes no more tallies, and a failure
    // (its own fetches, aborted) changes nothing: the first failure stays.
    const tallyOne = async (url: string): Promise<void> => {
      let inTheInbox = false;
      try {
        const n = await readPage(url, call.signal);
        const sum = (await this.#pool.run(n)) as number;
        inTheInbox = inbox.put({ url, sum });
      } catch (error) {
        call.abort();
        inbox.fail(error instanceof Error ? error : new Error(String(error)));
      } finally {
        if (!inTheInbox) this.#desks.give();
      }
    };
    // Page by page: take a place, then set the page off. While no place is
    // free, nothing more is fetched.
    const settled = (async () => {
      const pages: Array<Promise<void>> = [];
      try {
        for (const url of urls) {
          await this.#desks.take(call.signal);
          pages.push(tallyOne(url));
        }
      } catch {
        // Called off while waiting for a place: no more pages.
      }
      await Promise.all(pages);
    })();
    this.#inProgress.add(settled);
    void settled.finally(() => this.#inProgress.delete(settled));

    // True while the caller has a tally in hand: its place comes back when the caller asks for the next.
    let holding = false;
    try {
      for (let left = urls.length; left > 0; left -= 1) {
        const tally = await inbox.take();
        holding = true;
        yield tally;
        holding = false;
        this.#desks.give();
      }
    } finally {
      signal?.removeEventListener('abort', onAbort);
      // A reader who stops early (break, or a throw) calls the rest off too;
      // then the places of the tally it stopped at and of the tallies nobody
      // will read come back.
      call.abort();
      if (holding) this.#desks.give();
      for (let unread = inbox.close(); unread > 0; unread -= 1) this.#desks.give();
    }
  }

  close(): Promise<void> {
    this.#closing ??= (async () => {
      while (this.#inProgress.size > 0) await Promise.all(this.#inProgress);
      await this.#pool.destroy();
    })();
    return this.#closing;
  }
}

/** Opens a ledger: one Tinypool of `copies` threads, kept until `close()`. */
export function openLedger(options: LedgerOptions): Ledger {
  const { copies, maxWaiting } = options;
  wholeNumber(copies, 'copies', 1);
  wholeNumber(maxWaiting, 'maxWaiting', 0);
  return new MootLedger(copies, maxWaiting);
}
