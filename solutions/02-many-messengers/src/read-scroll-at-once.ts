/**
 * Chapter 2 — Many Messengers (reference solution).
 *
 * @module
 */

/** What became of one page in {@link readScrollSettled}. */
export type PageOutcome = { url: string; ok: true; body: string } | { url: string; ok: false; error: string };

/** Reads one page; a bad status becomes an error that names the page. */
async function readPage(url: string): Promise<string> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url} answered ${response.status} ${response.statusText}`.trim());
  return response.text();
}

/**
 * Reads every page with all requests in flight at once.
 *
 * `urls.map(readPage)` starts every trip before anything is awaited: each call
 * runs until its first `await` and hands back a pending promise. The event
 * loop then waits on all of them together, on one thread. `Promise.all` keeps
 * the input order, so the texts line up with the scroll no matter who comes
 * home first.
 */
export async function readScrollAtOnce(urls: readonly string[]): Promise<string[]> {
  return Promise.all(urls.map(readPage));
}

/** Reads every page at once and reports each page's outcome, good or bad, in scroll order. */
export async function readScrollSettled(urls: readonly string[]): Promise<PageOutcome[]> {
  const settled = await Promise.allSettled(urls.map(readPage));
  return settled.map((result, index): PageOutcome => {
    const url = urls[index] ?? '';
    if (result.status === 'fulfilled') return { url, ok: true, body: result.value };
    const reason: unknown = result.reason;
    return { url, ok: false, error: reason instanceof Error ? reason.message : String(reason) };
  });
}
