/**
 * Chapter 3 — A Trusted Band (reference solution).
 *
 * @module
 */

/** How the band works. */
export interface BandOptions {
  messengers: number;
  timeoutMs?: number;
  retries?: number;
  signal?: AbortSignal;
}

/** The longest delay Node's timers keep: a longer one would fire after 1 ms. */
const LONGEST_TIMER_MS = 2_147_483_647;

/** A failure worth another attempt: the place was busy, or the trip ran out of time. */
class RetryableError extends Error {}

function checkOptions({ messengers, timeoutMs, retries = 0 }: BandOptions): void {
  if (!Number.isInteger(messengers) || messengers < 1) {
    throw new RangeError(`messengers must be a whole number of at least 1, got ${messengers}`);
  }
  if (
    timeoutMs !== undefined &&
    !(Number.isInteger(timeoutMs) && timeoutMs >= 1 && timeoutMs <= LONGEST_TIMER_MS)
  ) {
    throw new RangeError(
      `timeoutMs must be a whole number of milliseconds from 1 to ${LONGEST_TIMER_MS}, got ${timeoutMs}`,
    );
  }
  if (!Number.isInteger(retries) || retries < 0) {
    throw new RangeError(`retries must be a whole number of at least 0, got ${retries}`);
  }
}

/** One attempt at one page, limited by the trip's own timer and the errand's signal. */
async function attempt(url: string, errand: AbortSignal, timeoutMs: number | undefined): Promise<string> {
  const signal = timeoutMs === undefined ? errand : AbortSignal.any([errand, AbortSignal.timeout(timeoutMs)]);
  let response: Response;
  try {
    response = await fetch(url, { signal });
  } catch (error) {
    // Only our own timer makes a trip worth repeating; an abort of the errand ends it.
    if (!errand.aborted && signal.aborted) {
      throw new RetryableError(`${url} did not answer within ${timeoutMs} ms`);
    }
    throw error;
  }
  if (response.status === 503) throw new RetryableError(`${url} answered 503 (busy)`);
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return response.text();
}

/**
 * Reads a page, trying again after a retryable failure while retries remain.
 * The last failure is the answer: its message already names the page and
 * what went wrong.
 */
async function visit(url: string, errand: AbortSignal, options: BandOptions): Promise<string> {
  const retries = options.retries ?? 0;
  for (let attemptNo = 0; ; attemptNo += 1) {
    errand.throwIfAborted();
    try {
      return await attempt(url, errand, options.timeoutMs);
    } catch (error) {
      if (!(error instanceof RetryableError) || attemptNo >= retries) throw error;
    }
  }
}

/**
 * Reads every page with at most `messengers` requests in flight.
 *
 * Each messenger is an async loop taking the next index from one shared
 * counter. JavaScript runs one piece of code at a time on this thread, so
 * `next++` needs no lock: two loops can never take the same page. The band
 * stays full until the pages run out, unlike sending fixed batches, where
 * everyone waits for the slowest runner of each batch.
 */
export async function readScrollWithBand(urls: readonly string[], options: BandOptions): Promise<string[]> {
  checkOptions(options);
  const { signal } = options;
  signal?.throwIfAborted();

  // Our own controller lets one page's final failure call the others home too.
  const errand = new AbortController();
  const errandSignal = signal ? AbortSignal.any([signal, errand.signal]) : errand.signal;
  const texts: string[] = [];
  let next = 0;

  async function messenger(): Promise<void> {
    while (next < urls.length) {
      errandSignal.throwIfAborted();
      const index = next++;
      texts[index] = await visit(urls[index] ?? '', errandSignal, options);
    }
  }

  try {
    await Promise.all(Array.from({ length: Math.min(options.messengers, urls.length) }, messenger));
  } catch (error) {
    // The first failure is the answer. With the horn, that is its reason:
    // fetch and throwIfAborted() both reject with signal.reason.
    errand.abort(error);
    throw error;
  }
  return texts;
}
