// Wrong on purpose: groups of `messengers` pages, each group awaited as a whole.
export interface BandOptions {
  messengers: number;
  timeoutMs?: number;
  retries?: number;
  signal?: AbortSignal;
}

export async function readScrollWithBand(urls: readonly string[], options: BandOptions): Promise<string[]> {
  if (!Number.isInteger(options.messengers) || options.messengers < 1) {
    throw new RangeError(`messengers must be a whole number of at least 1, got ${options.messengers}`);
  }
  const texts: string[] = [];
  for (let start = 0; start < urls.length; start += options.messengers) {
    const batch = urls.slice(start, start + options.messengers);
    texts.push(...(await Promise.all(batch.map(async (url) => (await fetch(url)).text()))));
  }
  return texts;
}
