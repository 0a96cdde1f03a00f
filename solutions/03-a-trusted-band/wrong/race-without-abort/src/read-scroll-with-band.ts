// Wrong on purpose: the band size is right, but a timed-out request is left on the road
// (Promise.race against a timer does not cancel fetch) and the signal is never consulted.
export interface BandOptions {
  messengers: number;
  timeoutMs?: number;
  retries?: number;
  signal?: AbortSignal;
}

function timer(ms: number, url: string): Promise<never> {
  return new Promise((_resolve, reject) => setTimeout(() => reject(new Error(`${url} timed out`)), ms));
}

export async function readScrollWithBand(urls: readonly string[], options: BandOptions): Promise<string[]> {
  if (!Number.isInteger(options.messengers) || options.messengers < 1) {
    throw new RangeError(`messengers must be a whole number of at least 1, got ${options.messengers}`);
  }
  const texts: string[] = new Array<string>(urls.length);
  let next = 0;
  async function messenger(): Promise<void> {
    while (next < urls.length) {
      const index = next++;
      const url = urls[index] ?? '';
      const trip = fetch(url).then(async (response) => {
        if (!response.ok) throw new Error(`${url} answered ${response.status}`);
        return response.text();
      });
      texts[index] = await (options.timeoutMs === undefined
        ? trip
        : Promise.race([trip, timer(options.timeoutMs, url)]));
    }
  }
  await Promise.all(Array.from({ length: Math.min(options.messengers, urls.length) }, messenger));
  return texts;
}
