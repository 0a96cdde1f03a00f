/** Wrong on purpose: only a missing page is an error; a 503 page's apology is returned as its text. */
export default async function runErrand(url: string): Promise<string> {
  const response = await fetch(url);
  if (response.status === 404) throw new Error(`${url} is not there`);
  return response.text();
}
