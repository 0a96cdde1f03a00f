/**
 * Chapter 1 — The Long Road (reference solution).
 *
 * @module
 */

/**
 * Reads every page of the scroll one at a time, in order.
 *
 * The `await` inside the loop is the whole lesson: while the courier is on the
 * road, nothing else is asked for, so the total time is the sum of the trips.
 */
export async function readScroll(urls: readonly string[]): Promise<string[]> {
  const texts: string[] = [];
  for (const url of urls) {
    const response = await fetch(url);
    if (!response.ok) {
      throw new Error(
        `The courier could not read ${url}: it answered ${response.status} ${response.statusText}`.trim(),
      );
    }
    texts.push(await response.text());
  }
  return texts;
}

/**
 * Runs `fn` and reports the wall time and the CPU time it took.
 *
 * `performance.now()` is monotonic (it never jumps when the system clock is
 * set), and `process.cpuUsage(previous)` returns the difference in
 * microseconds of user and system time.
 */
export async function timed<T>(
  fn: () => Promise<T> | T,
): Promise<{ value: T; wallMs: number; cpuMs: number }> {
  const wallStart = performance.now();
  const cpuStart = process.cpuUsage();
  const value = await fn();
  const cpu = process.cpuUsage(cpuStart);
  return {
    value,
    wallMs: performance.now() - wallStart,
    cpuMs: (cpu.user + cpu.system) / 1000,
  };
}
