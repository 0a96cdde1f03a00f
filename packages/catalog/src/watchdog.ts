/**
 * Watching a run's whole process group for memory and threads. A heap cap
 * (`--max-old-space-size`) stops a runaway JavaScript heap, but not memory
 * held outside it (Buffers, typed arrays, the stacks and heaps of hundreds
 * of worker threads). So the runner also adds up, a few times a second, the
 * resident memory and the threads of every process in the group, from
 * Linux's /proc, and stops the group when either goes over its limit.
 * Elsewhere (no /proc) only the time limit applies.
 *
 * Memory can grow faster than a few looks a second can see: a loop of large
 * Buffers reaches a container's memory limit between two looks, and then
 * the kernel, not the runner, picks a process to kill. So every process of
 * the group is marked as the kernel's first choice (`oom_score_adj` 1000,
 * which any process may set for its own children): a bomb that outruns the
 * watch kills its own test process, and the lesson ends as a crash, not the
 * grader or the other lessons of the container.
 *
 * @module
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';

/** Limits for {@link watchProcessGroup}. */
export interface GroupLimits {
  readonly memoryLimitMb?: number;
  readonly threadLimit?: number;
  /** Called once, with the limit in words, when the group goes over one. */
  readonly onExceeded: (reason: string) => void;
  /** How often to look, in ms (default 200). */
  readonly everyMs?: number;
}

/** What a group holds right now. */
export interface GroupUsage {
  /** Resident memory of all its processes, in MiB. */
  readonly memoryMb: number;
  readonly threads: number;
  readonly processes: number;
  /** The ids of its processes. */
  readonly pids: readonly number[];
}

/** What the group holds right now: resident memory in MiB, threads and processes. */
export function groupUsage(group: number): GroupUsage {
  let memoryKb = 0;
  let threads = 0;
  const pids: number[] = [];
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return { memoryMb: 0, threads: 0, processes: 0, pids };
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
      pids.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return { memoryMb: memoryKb / 1024, threads, processes: pids.length, pids };
}

/** The `oom_score_adj` that makes a process the kernel's first choice when memory runs out. */
export const OOM_FIRST = 1000;

/**
 * Marks process `pid` as the kernel's first choice to kill when memory runs
 * out; the processes it starts afterwards inherit the mark. False where it
 * could not (no /proc, the process has ended).
 */
export function markOomFirst(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/oom_score_adj`, String(OOM_FIRST));
    return true;
  } catch {
    return false;
  }
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

/**
 * Starts watching process group `group`, whose leader's id is `group`: marks
 * each of its processes for the kernel's out-of-memory killer (see the
 * module's comment), the leader at once and the others as they are seen, and
 * tells `onExceeded` once when it goes over a limit. `stop()` ends the watch.
 */
export function watchProcessGroup(group: number, limits: GroupLimits): { stop(): void } {
  let told = false;
  const marked = new Set<number>();
  if (markOomFirst(group)) marked.add(group);
  const timer = setInterval(() => {
    if (told) return;
    const usage = groupUsage(group);
    for (const pid of usage.pids) {
      if (!marked.has(pid) && markOomFirst(pid)) marked.add(pid);
    }
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
