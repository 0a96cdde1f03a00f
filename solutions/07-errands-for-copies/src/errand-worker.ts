/**
 * A copy's errand: fetch one page and bring back its text (reference
 * solution). Runs inside a worker thread.
 *
 * @module
 */

/** Fetches `url` and returns its body; a page that answers with an error status is an error. */
export default async function runErrand(url: string): Promise<string> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url} answered ${response.status} ${response.statusText}`);
  return response.text();
}
