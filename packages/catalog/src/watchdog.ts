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

/**
 * True while any process of group `group` is still alive (a zombie, dead
 * and waiting for its parent to read its exit status, does not count). From
 * /proc on Linux; elsewhere, whether the group still answers a signal.
 */
export function groupAlive(group: number): boolean {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    try {
      process.kill(-group, 0);
      return true;
    } catch {
      return false;
    }
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // After ')': the state, the parent, the process group.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(pgrp) === group && state !== 'Z' && state !== 'X') return true;
    } catch {
      // The process ended while we looked.
    }
  }
  return false;
}

/**
 * Resolves once no process of group `group` is alive, or after `timeoutMs`:
 * a process killed with SIGKILL stays in the table, running, while the
 * kernel frees its memory, and a runner that reports "stopped" must mean it.
 */
export async function groupEnded(group: number, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (groupAlive(group) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
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
