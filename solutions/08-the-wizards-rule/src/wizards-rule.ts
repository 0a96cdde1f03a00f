/**
 * Chapter 8 — The Wizard's Rule (reference solution).
 *
 * @module
 */

/** What a task cost: how long it took, and how much of that was thinking. */
export interface Profile {
  /** Wall-clock time from start to finish, in milliseconds. */
  wallMs: number;
  /** CPU time the process used meanwhile (all threads), in milliseconds. */
  cpuMs: number;
  /** `cpuMs / wallMs`: near 0 for waiting, near 1 for one thread computing. */
  cpuShare: number;
}

/** Above this share of the wall time spent computing, a task is CPU-bound. */
const CPU_BOUND_SHARE = 0.5;

/**
 * Runs `task` once, waits for it if it returns a promise, and reports the
 * wall time, the CPU time and their ratio.
 *
 * `process.cpuUsage()` counts every thread of the process, so a task that
 * keeps two worker threads busy shows a share near 2.
 */
export async function profile(task: () => unknown): Promise<Profile> {
  const wallStart = performance.now();
  const cpuStart = process.cpuUsage();
  await task();
  const cpu = process.cpuUsage(cpuStart);
  const wallMs = performance.now() - wallStart;
  const cpuMs = (cpu.user + cpu.system) / 1000;
  // Never a division by zero: performance.now() counts in fractions of a
  // microsecond, and even an empty task takes an await to finish.
  return { wallMs, cpuMs, cpuShare: cpuMs / wallMs };
}

/**
 * The wizard's rule: a task that spends most of its time waiting wants
 * messengers (many requests in flight on the event loop); a task that spends
 * most of its time computing wants copies (a pool of worker threads).
 */
export function chooseSpell(p: Profile): 'messengers' | 'copies' {
  return p.cpuShare > CPU_BOUND_SHARE ? 'copies' : 'messengers';
}
