/**
 * Watching a run's whole process group for memory and threads. A heap cap
 * (`--max-old-space-size`) stops a runaway JavaScript heap, but not memory
 * held outside it (Buffers, typed arrays, the stacks and heaps of hundreds
 * of worker threads). So the runner also adds up, a few times a second, the
 * resident memory and the threads of every process in the group, from
 * Linux's /proc, and stops the group when either goes over its limit.
 * Elsewhere (no /proc) only the time limit applies.
 *
 * @module
 */
import { readdirSync, readFileSync } from 'node:fs';

/** Limits for {@link watchProcessGroup}. */
export interface GroupLimits {
  readonly memoryLimitMb?: number;
  readonly threadLimit?: number;
  /** Called once, with the limit in words, when the group goes over one. */
  readonly onExceeded: (reason: string) => void;
  /** How often to look, in ms (default 200). */
  readonly everyMs?: number;
}

/** What the group holds right now: resident memory in MiB and threads. */
export function groupUsage(group: number): { memoryMb: number; threads: number; processes: number } {
  let memoryKb = 0;
  let threads = 0;
  let processes = 0;
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return { memoryMb: 0, threads: 0, processes: 0 };
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // Field 5 of /proc/PID/stat is the process group; the name before it may hold spaces, so split after ')'.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) !== group) continue;
      const status = readFileSync(`/proc/${entry}/status`, 'utf8');
      memoryKb += Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0);
      threads += Number(/^Threads:\s+(\d+)/m.exec(status)?.[1] ?? 0);
      processes += 1;
    } catch {
      // The process ended while we looked.
    }
  }
  return { memoryMb: memoryKb / 1024, threads, processes };
}

/** Starts watching process group `group`; `stop()` ends the watch. */
export function watchProcessGroup(group: number, limits: GroupLimits): { stop(): void } {
  let told = false;
  const timer = setInterval(() => {
    if (told) return;
    const usage = groupUsage(group);
    let reason: string | undefined;
    if (limits.memoryLimitMb !== undefined && usage.memoryMb > limits.memoryLimitMb) {
      reason = `the test processes held ${Math.round(usage.memoryMb)} MiB, over the limit of ${limits.memoryLimitMb} MiB`;
    } else if (limits.threadLimit !== undefined && usage.threads > limits.threadLimit) {
      reason = `the test processes had ${usage.threads} threads, over the limit of ${limits.threadLimit}`;
    }
    if (reason) {
      told = true;
      limits.onExceeded(reason);
    }
  }, limits.everyMs ?? 200);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
