/**
 * Chapter 2 — Many Messengers.
 *
 * Master Fenwick sends a runner to every place on the scroll at the same time
 * and puts their news back in scroll order as they return.
 *
 * @module Exercise 2: Many Messengers
 */

/** What became of one page in {@link readScrollSettled}. */
export type PageOutcome = { url: string; ok: true; body: string } | { url: string; ok: false; error: string };

/**
 * Reads every page of the scroll with **all requests in flight at once**, and
 * returns the texts in scroll order, whatever order the answers arrive in.
 *
 * @param urls - the pages to visit.
 * @returns each page's text, in the order of `urls`.
 * @throws Error when any page answers with a status that is not OK; the
 *   message names that page's URL and status.
 *
 * @example
 * ```ts
 * const texts = await readScrollAtOnce(urls); // about as long as the slowest page
 * ```
 */
export async function readScrollAtOnce(urls: readonly string[]): Promise<string[]> {
  // TODO: start a fetch for every URL before waiting for any of them, then
  // wait for them all. Keep the scroll's order in the result.
  throw new Error('Not implemented: readScrollAtOnce');
}

/**
 * Like {@link readScrollAtOnce}, but one bad page does not spoil the rest:
 * every page gets an entry, in scroll order — its text when it answered well,
 * or an `error` that says what went wrong (including the HTTP status, when
 * there was one).
 *
 * @param urls - the pages to visit, all at once.
 * @returns one {@link PageOutcome} per URL, in the order of `urls`.
 *
 * @example
 * ```ts
 * for (const page of await readScrollSettled(urls)) {
 *   console.log(page.ok ? page.body : `${page.url}: ${page.error}`);
 * }
 * ```
 */
export async function readScrollSettled(urls: readonly string[]): Promise<PageOutcome[]> {
  // TODO: send every request at once and wait for all of them to settle,
  // then turn each result into { url, ok: true, body } or { url, ok: false, error }.
  throw new Error('Not implemented: readScrollSettled');
}
