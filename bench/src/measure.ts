/**
 * How the benchmarks time things: warm-ups first (not counted), then
 * `repeats` timed runs, reported by their median. Progress goes to stderr,
 * one line per measurement, so a long run shows where it is.
 *
 * @module
 */
import os from 'node:os';
import type { BenchMachine } from '@spellbook/catalog';
import { median, startHeartbeat } from '@spellbook/test-kit';

/** A measured figure: the median and the runs it came from. */
export interface Timing {
  readonly ms: number;
  readonly runs: number[];
  /** Median CPU time ÷ wall time of the process (all threads) during the runs. */
  readonly cpuShare: number;
  /** With `{ heartbeat: true }`: the median of each run's longest wait of a 5 ms timer, in ms. */
  readonly longestGapMs?: number;
}

/** Settings shared by every suite. */
export interface BenchSettings {
  readonly quick: boolean;
  readonly repeats: number;
  readonly warmups: number;
}

let step = 0;

/** Prints one progress line to stderr. */
export function progress(text: string): void {
  step += 1;
  process.stderr.write(`  [${String(step).padStart(3)}] ${text}\n`);
}

/**
 * Times `fn`: `warmups` discarded runs, then `repeats` timed ones. With
 * `heartbeat`, a 5 ms timer ticks beside each run to show how long the event
 * loop was unavailable.
 */
export async function time(
  label: string,
  fn: () => unknown,
  settings: BenchSettings,
  options: { heartbeat?: boolean } = {},
): Promise<Timing> {
  for (let i = 0; i < settings.warmups; i += 1) await fn();
  const runs: number[] = [];
  const shares: number[] = [];
  const gaps: number[] = [];
  for (let i = 0; i < settings.repeats; i += 1) {
    const heartbeat = options.heartbeat ? startHeartbeat(5) : undefined;
    const cpu = process.cpuUsage();
    const start = performance.now();
    await fn();
    const wall = performance.now() - start;
    const used = process.cpuUsage(cpu);
    if (heartbeat) gaps.push(heartbeat.stop().longestGapMs);
    runs.push(wall);
    shares.push((used.user + used.system) / 1000 / wall);
  }
  const timing: Timing = {
    ms: median(runs),
    runs,
    cpuShare: median(shares),
    ...(options.heartbeat ? { longestGapMs: median(gaps) } : {}),
  };
  progress(`${label}: ${formatMs(timing.ms)} (median of ${runs.length})`);
  return timing;
}

/** `1 234 ms` */
export function formatMs(ms: number): string {
  return `${Math.round(ms).toLocaleString('en-GB').replaceAll(',', ' ')} ms`;
}

/** `10 000 000` */
export function formatCount(n: number): string {
  return n.toLocaleString('en-GB').replaceAll(',', ' ');
}

/** A Markdown table from a header and rows (numbers right-aligned by the caller's choice of `align`). */
export function table(header: string[], rows: string[][], align: Array<'l' | 'r'> = []): string {
  const rule = header.map((_, i) => (align[i] === 'l' ? '---' : '---:'));
  return [header, rule, ...rows].map((row) => `| ${row.join(' | ')} |`).join('\n');
}

/** The machine results measured now come from, as every results file records it. */
export function thisMachine(): BenchMachine {
  return {
    cores: os.availableParallelism(),
    cpu: os.cpus()[0]?.model.trim() ?? 'unknown',
    node: process.version,
    date: new Date().toISOString(),
  };
}
