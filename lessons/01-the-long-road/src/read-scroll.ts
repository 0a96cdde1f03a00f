/**
 * Chapter 1 — The Long Road.
 *
 * Pell the courier carries Master Fenwick's scroll to every place on it, one
 * after another. Your task is to be Pell: fetch each URL in turn and bring back
 * what each page says, then build a stopwatch that shows where the time went.
 *
 * @module Exercise 1: The Long Road
 */

/**
 * Reads every page of the scroll **one at a time, in order**: the request for a
 * page starts only after the previous page has been read.
 *
 * @param urls - the pages to visit, in scroll order.
 * @returns the text of each page, in the same order as `urls`.
 * @throws Error when a page answers with a status that is not OK (2xx). The
 *   message names the page's URL and the status, and no later page is visited.
 *   A page that cannot be reached (`fetch` itself rejects) rejects too, and
 *   likewise no later page is visited.
 *
 * @example
 * ```ts
 * const news = await readScroll(['https://a.test/mill', 'https://a.test/ford']);
 * // news[0] is the mill's page, news[1] the ford's
 * ```
 */
export async function readScroll(urls: readonly string[]): Promise<string[]> {
  // TODO: visit each URL in turn with fetch(), waiting for one page before
  // asking for the next, and collect the texts in order.
  // TODO: a page that answers with a bad status (404, 503…) must reject with
  // an Error that names its URL and its status.
  throw new Error('Not implemented: readScroll');
}

/**
 * Runs `fn` and reports how long it took, twice over: the wall-clock time that
 * passed, and the CPU time the process actually spent computing.
 *
 * For a task that mostly waits (like a courier on the road), `wallMs` is far
 * larger than `cpuMs`. For a task that computes, the two are close.
 *
 * @param fn - the work to time; may return a value or a promise of one.
 * @returns the value `fn` produced, the elapsed wall time and the CPU time
 *   used (user and system time together), both in milliseconds.
 *
 * @example
 * ```ts
 * const { value, wallMs, cpuMs } = await timed(() => readScroll(urls));
 * console.log(`${value.length} pages in ${wallMs} ms, of which ${cpuMs} ms thinking`);
 * ```
 */
export async function timed<T>(
  fn: () => Promise<T> | T,
): Promise<{ value: T; wallMs: number; cpuMs: number }> {
  // TODO: read the wall clock (performance.now()) and the CPU clock
  // (process.cpuUsage()) before and after awaiting fn(), and report both
  // differences in milliseconds.
  throw new Error('Not implemented: timed');
}
