/**
 * The clocks the timing tests trust. They are captured when the test kit is
 * first imported — before any exercise code loads — so code under test that
 * replaces `performance.now`, `process.cpuUsage` or `os.availableParallelism`
 * cannot change what the tests measure, and {@link tamperedClocks} can say
 * that it tried.
 *
 * @module
 */
import os from 'node:os';

// Kept to compare identities later and called only through `.call`/`.bind` with their own `this`.
/* eslint-disable @typescript-eslint/unbound-method */
const originals = {
  performanceNow: performance.now,
  dateNow: Date.now,
  hrtime: process.hrtime,
  hrtimeBigint: process.hrtime.bigint,
  cpuUsage: process.cpuUsage,
  availableParallelism: os.availableParallelism,
};
/* eslint-enable @typescript-eslint/unbound-method */

const nowFn = originals.performanceNow.bind(performance);
const cpuUsageFn = originals.cpuUsage.bind(process);
const coresAtStart = originals.availableParallelism.call(os);

/** Monotonic milliseconds, from the untouched `performance.now`. */
export function now(): number {
  return nowFn();
}

/** CPU time used so far by this process, all threads together, in milliseconds. */
export function cpuMs(): number {
  const usage = cpuUsageFn();
  return (usage.user + usage.system) / 1000;
}

/** How many threads this machine can run at once, read before any exercise code loaded. */
export function availableCores(): number {
  return coresAtStart;
}

/** Wall and CPU time of one run of `fn`, measured with the trusted clocks. */
export interface RunCost<T> {
  readonly value: T;
  readonly wallMs: number;
  readonly cpuMs: number;
}

/** Runs `fn` and measures its wall time and the process's CPU time (all threads). */
export async function measureRun<T>(fn: () => Promise<T> | T): Promise<RunCost<T>> {
  const wallStart = now();
  const cpuStart = cpuMs();
  const value = await fn();
  return { value, wallMs: now() - wallStart, cpuMs: cpuMs() - cpuStart };
}

/** Names of the global clocks that no longer are what they were when the test kit loaded. */
export function tamperedClocks(): string[] {
  const changed: string[] = [];
  if (performance.now !== originals.performanceNow) changed.push('performance.now');
  if (Date.now !== originals.dateNow) changed.push('Date.now');
  if (process.hrtime !== originals.hrtime) changed.push('process.hrtime');
  if (process.hrtime.bigint !== originals.hrtimeBigint) changed.push('process.hrtime.bigint');
  if (process.cpuUsage !== originals.cpuUsage) changed.push('process.cpuUsage');
  if (os.availableParallelism !== originals.availableParallelism) changed.push('os.availableParallelism');
  return changed;
}
