/**
 * CPU time of the calling thread alone, in plain JavaScript so that it also
 * loads inside a worker thread on Node 20 (see tinypool-probe.mjs).
 *
 * `process.cpuUsage()` counts every thread of the process, so it cannot say
 * which thread computed. Newer Node has `process.threadCpuUsage()`; on Linux
 * every Node has `/proc/thread-self/stat`, whose utime and stime fields count
 * this thread's CPU in clock ticks (100 per second on Linux). Where neither
 * exists, the answer is `undefined` and callers fall back to wall time.
 *
 * @module
 */
import { readFileSync } from 'node:fs';

/** Clock ticks per second of /proc's utime and stime (USER_HZ: 100 on every Linux build Node supports). */
const TICKS_PER_SECOND = 100;

// Captured now, before any exercise code loads in this thread.
const threadCpuUsage = /** @type {{ threadCpuUsage?: () => { user: number; system: number } }} */ (process)
  .threadCpuUsage;
const boundThreadCpuUsage = typeof threadCpuUsage === 'function' ? threadCpuUsage.bind(process) : undefined;
const readFile = readFileSync;

/** @returns {number | undefined} */
function fromProc() {
  if (process.platform !== 'linux') return undefined;
  try {
    const stat = readFile('/proc/thread-self/stat', 'utf8');
    // The command name, in parentheses, may itself contain spaces: count from its end.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    if (!Number.isFinite(utime) || !Number.isFinite(stime)) return undefined;
    return ((utime + stime) * 1000) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/** How this Node measures one thread's CPU: `'thread'` (process.threadCpuUsage), `'procfs'`, or `'none'`. */
export const threadCpuSource = boundThreadCpuUsage ? 'thread' : fromProc() === undefined ? 'none' : 'procfs';

/**
 * CPU time the calling thread has used so far, in ms, or `undefined` where
 * this platform cannot tell one thread from the others.
 *
 * @returns {number | undefined}
 */
export function threadCpuMs() {
  if (boundThreadCpuUsage) {
    const usage = boundThreadCpuUsage();
    return (usage.user + usage.system) / 1000;
  }
  return fromProc();
}
