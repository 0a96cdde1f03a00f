// Wrong on purpose: all at once, but results are collected in the order the runners come home.
export type PageOutcome = { url: string; ok: true; body: string } | { url: string; ok: false; error: string };

async function readPage(url: string): Promise<string> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return response.text();
}

export async function readScrollAtOnce(urls: readonly string[]): Promise<string[]> {
  const texts: string[] = [];
  await Promise.all(urls.map(async (url) => texts.push(await readPage(url))));
  return texts;
}

export async function readScrollSettled(urls: readonly string[]): Promise<PageOutcome[]> {
  const outcomes: PageOutcome[] = [];
  await Promise.all(
    urls.map(async (url) => {
      try {
        outcomes.push({ url, ok: true, body: await readPage(url) });
      } catch (error) {
        outcomes.push({ url, ok: false, error: (error as Error).message });
      }
    }),
  );
  return outcomes;
}
