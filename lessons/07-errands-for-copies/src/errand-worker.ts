/**
 * A copy's errand. This module runs inside a worker thread: it receives the
 * URL of one page and returns the page's text.
 *
 * @module
 */

/**
 * Tinypool calls the default export once per task, with the value given to
 * `pool.run(...)`, and sends back what it resolves to.
 *
 * @param url - the page to fetch.
 * @returns the page's text; a page that answers with an error status (404, 503 …) is an error.
 */
export default async function runErrand(url: string): Promise<string> {
  // TODO: fetch the page, throw if `response.ok` is false, return its text.
  throw new Error('Not implemented: runErrand (the worker)');
}
