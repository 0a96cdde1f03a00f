// Wrong on purpose: correct answers, but the courier still walks one road at a time.
export type PageOutcome = { url: string; ok: true; body: string } | { url: string; ok: false; error: string };

async function readPage(url: string): Promise<string> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return response.text();
}

export async function readScrollAtOnce(urls: readonly string[]): Promise<string[]> {
  const texts: string[] = [];
  for (const url of urls) texts.push(await readPage(url));
  return texts;
}

export async function readScrollSettled(urls: readonly string[]): Promise<PageOutcome[]> {
  const outcomes: PageOutcome[] = [];
  for (const url of urls) {
    try {
      outcomes.push({ url, ok: true, body: await readPage(url) });
    } catch (error) {
      outcomes.push({ url, ok: false, error: (error as Error).message });
    }
  }
  return outcomes;
}
