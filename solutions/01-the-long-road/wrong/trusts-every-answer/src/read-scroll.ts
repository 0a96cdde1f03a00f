// Wrong on purpose: a 404 page's text is taken as news, and "CPU time" is just the wall clock.
export async function readScroll(urls: readonly string[]): Promise<string[]> {
  const texts: string[] = [];
  for (const url of urls) texts.push(await (await fetch(url)).text());
  return texts;
}

export async function timed<T>(
  fn: () => Promise<T> | T,
): Promise<{ value: T; wallMs: number; cpuMs: number }> {
  const start = performance.now();
  const value = await fn();
  const wallMs = performance.now() - start;
  return { value, wallMs, cpuMs: wallMs };
}
