/**
 * Is anything else using the machine? Timing tests compare two runs made a
 * moment apart; if another process takes a core in between, the comparison
 * says nothing about the code. This module measures how many cores' worth of
 * CPU *other* processes used during a stretch of time: the machine's total
 * busy time (from the kernel's per-core counters) minus this process's own.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { cpuMs, now } from './clocks.ts';
import { throttleReader } from './cores.ts';

function machineBusyMs(): number {
  return os
    .cpus()
    .reduce((total, cpu) => total + cpu.times.user + cpu.times.nice + cpu.times.sys + cpu.times.irq, 0);
}

/** A stretch of time being watched; `stop` says how busy the rest of the machine was. */
export interface LoadWatch {
  /**
   * Ends the watch. `foreignCores` is the average number of cores other
   * processes kept busy; `stoppedMs` how long a CPU quota held this process
   * stopped meanwhile (0 with no quota, undefined when it cannot be read).
   */
  stop(): { foreignCores: number; wallMs: number; stoppedMs: number | undefined };
}

/**
 * Starts watching the machine's load. `ownCpuMs` reads the CPU time of what
 * counts as ours: this process (the default), or more, such as a browser
 * this process started (see the kit's browser.ts).
 */
export function watchLoad(ownCpuMs: () => number = cpuMs): LoadWatch {
  const wallStart = now();
  const busyStart = machineBusyMs();
  const ownStart = ownCpuMs();
  const throttled = throttleReader();
  const throttledStart = throttled();
  return {
    stop() {
      const wallMs = now() - wallStart;
      const foreignMs = machineBusyMs() - busyStart - (ownCpuMs() - ownStart);
      const throttledEnd = throttled();
      const stoppedMs =
        throttledStart === undefined || throttledEnd === undefined
          ? undefined
          : throttledEnd - throttledStart;
      // The kernel counts in 10 ms ticks, so short watches are rounded; never report less than nothing.
      return { foreignCores: wallMs > 0 ? Math.max(0, foreignMs / wallMs) : 0, wallMs, stoppedMs };
    },
  };
}

/**
 * How many threads this process has right now, from `/proc/self/status`;
 * `undefined` where the kernel does not say (not Linux). Worker threads are
 * threads of the process, so this shows whether one is still alive.
 */
export function threadCount(): number | undefined {
  try {
    const status = readFileSync('/proc/self/status', 'utf8');
    const match = /^Threads:\s+(\d+)$/m.exec(status);
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Runs `fn` and reports how many more threads the process had, at most,
 * while it ran (sampled every 2 ms from {@link threadCount}): a way to see
 * that code really started worker threads. `extraThreads` is `undefined`
 * where the kernel does not say.
 */
export async function extraThreadsDuring<T>(
  fn: () => Promise<T>,
): Promise<{ value: T; extraThreads: number | undefined }> {
  const before = threadCount();
  let peak = before ?? 0;
  const sample = () => {
    peak = Math.max(peak, threadCount() ?? 0);
  };
  const timer = setInterval(sample, 2);
  try {
    const value = await fn();
    sample();
    return { value, extraThreads: before === undefined ? undefined : peak - before };
  } finally {
    clearInterval(timer);
  }
}
