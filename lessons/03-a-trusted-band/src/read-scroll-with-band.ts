/**
 * Chapter 3 — A Trusted Band.
 *
 * Tamsin's band has a fixed number of runners. As each comes home, the next
 * place on the scroll is handed out; a runner who is gone too long is given up
 * on; a busy place may be tried again; and when the tower's horn sounds,
 * everyone comes home.
 *
 * @module Exercise 3: A Trusted Band
 */

/** How the band works. */
export interface BandOptions {
  /** How many requests may be in flight at once: a whole number, at least 1. */
  messengers: number;
  /**
   * Give up on one trip (one attempt at one page) after this many milliseconds: a whole number from 1 to
   * 2 147 483 647, because `AbortSignal.timeout` takes only a 32-bit whole number and Node's timers run any longer
   * delay after 1 ms. No limit when absent.
   */
  timeoutMs?: number;
  /** How many more attempts a page gets after a retryable failure (a 503 or a timed-out trip): a whole number, 0 or more. Default 0. */
  retries?: number;
  /** The horn: when it is aborted, no new trip starts and the call rejects with the signal's reason. */
  signal?: AbortSignal;
}

/**
 * Reads every page with **at most `messengers` requests in flight** at any
 * moment. As soon as one request finishes, the next page starts, so the band is
 * always full while pages remain. The texts come back in scroll order.
 *
 * @param urls - the pages to visit.
 * @param options - the band's size and rules; see {@link BandOptions}.
 * @returns each page's text, in the order of `urls`.
 * @throws RangeError when an option is invalid, before any request is sent:
 *   `messengers` below 1 or not a whole number, `retries` below 0 or not a
 *   whole number, or `timeoutMs` not a whole number from 1 to 2 147 483 647.
 * @throws Error naming the URL when a page fails for good (a bad status that
 *   is not retryable, a trip that timed out, or retries used up); a timed-out
 *   trip's request is aborted, not left running.
 * @throws fetch's own error when a page cannot be reached at all (a network
 *   error): it is not a busy door, so it is not tried again.
 * @throws the signal's reason itself (an `AbortError`, not wrapped) within
 *   100 ms of `signal` aborting; requests on the road are cancelled with it.
 *
 * @example
 * ```ts
 * const horn = new AbortController();
 * const texts = await readScrollWithBand(urls, { messengers: 4, timeoutMs: 2_000, retries: 2, signal: horn.signal });
 * ```
 */
export async function readScrollWithBand(urls: readonly string[], options: BandOptions): Promise<string[]> {
  // TODO: check the options; throw a RangeError that says what is wrong.
  // TODO: start `messengers` loops that each take the next page from a shared
  // counter until none is left, storing each text at its page's index.
  // TODO: give each trip a time limit, retry 503s and timeouts, and obey the signal.
  throw new Error('Not implemented: readScrollWithBand');
}
