/**
 * Chapter 8 — The Wizard's Rule.
 *
 * Before choosing a spell, time the task: how long it took, and how much of
 * that time was spent thinking. In Node, that is wall time against CPU time.
 *
 * @module Exercise 8: The Wizard's Rule
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

/**
 * Runs `task` once, waits for it if it returns a promise, and reports its
 * wall time, the CPU time used meanwhile, and their ratio.
 *
 * @param task - the work to measure; it may return a promise.
 *
 * @example
 * ```ts
 * await profile(() => fetch(url));           // { wallMs: 102, cpuMs: 3, cpuShare: 0.03 }
 * await profile(() => sumPrimesBelow(2e6));  // { wallMs: 145, cpuMs: 144, cpuShare: 0.99 }
 * ```
 */
export async function profile(task: () => unknown): Promise<Profile> {
  // TODO: read performance.now() and process.cpuUsage(), run and await the
  // task, read both again, and return the differences in milliseconds.
  throw new Error('Not implemented: profile');
}

/**
 * The wizard's rule: `'messengers'` (the event loop, many requests in
 * flight) for a task that spends most of its time waiting, `'copies'` (a pool
 * of worker threads) for one that spends most of its time computing.
 *
 * @param p - a task's profile, from {@link profile}.
 */
export function chooseSpell(p: Profile): 'messengers' | 'copies' {
  // TODO: decide by p.cpuShare.
  throw new Error('Not implemented: chooseSpell');
}
