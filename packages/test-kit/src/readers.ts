/**
 * Reference readers of a scroll, written in the tests' own terms: the
 * baselines that lesson 7 times the student's worker threads against. They
 * are independent of the student's chapters 1–3, which may not be finished.
 *
 * @module
 */

async function readPage(url: string): Promise<string> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return response.text();
}

/** Reads the pages one after another, from this thread: chapter 1's courier. */
export async function readOneByOne(urls: readonly string[]): Promise<string[]> {
  const bodies: string[] = [];
  for (const url of urls) bodies.push(await readPage(url));
  return bodies;
}

/**
 * Reads the pages from this thread's event loop with at most `inFlight`
 * requests at a time: chapter 3's band, the fair rival of `inFlight` worker
 * threads.
 */
export async function readWithBand(urls: readonly string[], inFlight: number): Promise<string[]> {
  const bodies = new Array<string>(urls.length);
  let next = 0;
  async function messenger(): Promise<void> {
    while (next < urls.length) {
      const index = next;
      next += 1;
      bodies[index] = await readPage(urls[index] as string);
    }
  }
  await Promise.all(Array.from({ length: Math.min(inFlight, urls.length) }, messenger));
  return bodies;
}
