/**
 * Chapter 12 — The Moot's Ledger, written another way: the ledger keeps one
 * queue of pages for all its calls, and up to `copies + maxWaiting` runners
 * take pages from it one at a time (fetch, tally, report, and wait until the
 * reader has taken the tally). A call reads its own tallies with `events.on`,
 * which buffers them, and throws when the call is aborted or one of its
 * pages fails.
 *
 * @module
 */
import { EventEmitter, on } from 'node:events';
import { tsWorker } from '@spellbook/ts-worker';
import { Tinypool } from 'tinypool';

const LARGEST_PAGE = 1e8;

export interface LedgerOptions {
  copies: number;
  maxWaiting: number;
}
export interface Tally {
  url: string;
  sum: number;
}
export interface TallyOptions {
  signal?: AbortSignal;
}
export interface Ledger {
  tallyScroll(urls: readonly string[], options?: TallyOptions): AsyncIterable<Tally>;
  close(): Promise<void>;
}

/** One call: where its tallies go, how to stop its pages, and the runners waiting for its reader. */
interface Call {
  readonly events: EventEmitter;
  readonly stop: AbortController;
  readonly unread: Set<() => void>;
}

/** Reports a tally to its call, and resolves once the reader has taken it, or the call has ended. */
function report(call: Call, tally: Tally): Promise<void> {
  return new Promise((taken) => {
    call.unread.add(taken);
    call.events.emit('tally', tally, () => {
      call.unread.delete(taken);
      taken();
    });
  });
}

interface Page {
  readonly url: string;
  readonly call: Call;
}

async function numberOn(url: string, signal: AbortSignal): Promise<number> {
  const response = await fetch(url, { signal }).catch((error: unknown) => {
    throw signal.aborted ? error : new Error(`fetching ${url} failed`, { cause: error });
  });
  if (!response.ok) throw new Error(`fetching ${url} failed: HTTP ${response.status}`);
  const body = await response.text();
  const n = /^\s*\d+\s*$/.test(body) ? Number(body) : Number.NaN;
  if (!(n <= LARGEST_PAGE)) throw new Error(`${url} should hold a whole number up to ${LARGEST_PAGE}`);
  return n;
}

export function openLedger({ copies, maxWaiting }: LedgerOptions): Ledger {
  if (!Number.isSafeInteger(copies) || copies < 1) {
    throw new RangeError(`copies: expected a whole number ≥ 1, got ${copies}`);
  }
  if (!Number.isSafeInteger(maxWaiting) || maxWaiting < 0) {
    throw new RangeError(`maxWaiting: expected a whole number ≥ 0, got ${maxWaiting}`);
  }
  const pool = new Tinypool({
    filename: tsWorker(new URL('./tally-worker.ts', import.meta.url)),
    minThreads: copies,
    maxThreads: copies,
  });
  const runnersAllowed = copies + maxWaiting;
  const queue: Page[] = [];
  let runners = 0;
  let closed = false;
  let idle: (() => void) | undefined;
  let closing: Promise<void> | undefined;

  async function runner(): Promise<void> {
    for (let page = queue.shift(); page; page = queue.shift()) {
      const { url, call } = page;
      if (call.stop.signal.aborted) continue;
      try {
        const sum = (await pool.run(await numberOn(url, call.stop.signal))) as number;
        // A runner is a place: it takes no next page until this tally is read.
        if (!call.stop.signal.aborted) await report(call, { url, sum });
      } catch (error) {
        if (!call.stop.signal.aborted) {
          call.stop.abort();
          call.events.emit('error', error);
        }
      }
    }
    runners -= 1;
    if (runners === 0) idle?.();
  }

  function wakeRunners(): void {
    while (runners < runnersAllowed && queue.length > 0) {
      runners += 1;
      void runner();
    }
  }

  async function* tallyScroll(urls: readonly string[], signal?: AbortSignal): AsyncGenerator<Tally> {
    if (closed) throw new Error('this ledger is closed');
    if (signal?.aborted) throw new DOMException('the tally was called off before it began', 'AbortError');
    if (urls.length === 0) return;
    const call: Call = { events: new EventEmitter(), stop: new AbortController(), unread: new Set() };
    // When the call ends, its runners stop waiting for a reader.
    call.stop.signal.addEventListener('abort', () => {
      for (const taken of call.unread) taken();
      call.unread.clear();
    });
    const stopCall = () => call.stop.abort();
    signal?.addEventListener('abort', stopCall, { once: true });
    // Listening before the first page is queued: events.on buffers what comes before it is read.
    const arrivals = on(call.events, 'tally', signal ? { signal } : {});
    for (const url of urls) queue.push({ url, call });
    wakeRunners();
    let count = 0;
    try {
      for await (const [tally, taken] of arrivals) {
        yield tally as Tally;
        // The reader came back for the next one: this tally's runner may take another page.
        // (A reader who stops here frees it when the call is stopped, below.)
        (taken as () => void)();
        count += 1;
        if (count === urls.length) break;
      }
    } catch (error) {
      if (signal?.aborted) throw new DOMException('the tally was called off', 'AbortError');
      throw error;
    } finally {
      signal?.removeEventListener('abort', stopCall);
      call.stop.abort();
    }
  }

  return {
    tallyScroll: (urls, options = {}) => tallyScroll([...urls], options.signal),
    close() {
      closed = true;
      closing ??= (async () => {
        if (runners > 0) await new Promise<void>((resolve) => (idle = resolve));
        await pool.destroy();
      })();
      return closing;
    },
  };
}
