/** How this Node measures one thread's CPU: `'thread'` (process.threadCpuUsage), `'procfs'`, or `'none'`. */
export const threadCpuSource: 'thread' | 'procfs' | 'none';

/**
 * CPU time the calling thread has used so far, in ms, or `undefined` where
 * this platform cannot tell one thread from the others.
 */
export function threadCpuMs(): number | undefined;
