/**
 * Recording what a test measured, for the student to see: the panel after a
 * lesson's run, the companion's notebook and the grader's reports all read
 * it from the test's metadata (`meta.measurements`). The shape is the
 * catalog's contract (measurements.ts there); this is the only writer.
 *
 * A test records after it has measured and before it asserts, so that a
 * failing run keeps its figures too.
 *
 * @module
 */
import type { Figure, Measurement } from '@spellbook/catalog';
import type { TestContext } from 'vitest';
import type { CalibratedVerdict } from './speed/types.ts';
import { median } from './statistics.ts';

declare module 'vitest' {
  interface TaskMeta {
    /** What the test measured (see {@link measured}). */
    measurements?: Measurement[];
  }
}

/**
 * Records one measurement of the current test: `text`, one sentence a
 * student reads, and the figures behind it.
 */
export function measured(context: TestContext, text: string, figures: readonly Figure[] = []): void {
  (context.task.meta.measurements ??= []).push({ text, figures });
}

/** `ms` rounded for a sentence: `618 ms`, `7.4 ms`, `0.09 ms`. */
export function formatMs(ms: number): string {
  const digits = ms >= 100 ? 0 : ms >= 10 ? 1 : 2;
  return `${ms.toFixed(digits)} ms`;
}

/** A share as a percentage for a sentence: `1 %`, `0.4 %`. */
export function formatShare(share: number): string {
  const percent = share * 100;
  return `${percent >= 10 || percent === 0 ? percent.toFixed(0) : percent.toFixed(1)} %`;
}

/**
 * The figures of a speed comparison: the speed-up S with the kit's own R on
 * this machine and the bar, the two medians, and how many threads' worth of
 * CPU the candidate used (CPU ÷ wall).
 */
export function speedupFigures(verdict: CalibratedVerdict): Figure[] {
  const finite = (value: number): number | undefined => (Number.isFinite(value) ? value : undefined);
  const reference = finite(verdict.referenceSpeedup);
  const figures: Figure[] = [
    {
      name: 'speedup',
      value: verdict.speedup,
      unit: '×',
      bar: verdict.required,
      ...(reference !== undefined ? { reference } : {}),
    },
    // "No faster" on CPU work: the gain over one thread's CPU time, which a slow moment of the machine does not inflate.
    { name: 'cpuClockSpeedup', value: verdict.cpuClockSpeedup, unit: '×' },
    { name: 'baselineMs', value: median(verdict.runs.baseline), unit: 'ms' },
    { name: 'candidateMs', value: median(verdict.runs.candidate), unit: 'ms' },
    { name: 'cpuShare', value: verdict.candidateCpuShare, unit: 'threads' },
    { name: 'effectiveCores', value: verdict.cores.cores, unit: 'cores' },
  ];
  return figures.filter((figure) => Number.isFinite(figure.value));
}

/** `2.31×`, or `–` when a ratio could not be measured. */
export function formatTimes(ratio: number): string {
  return Number.isFinite(ratio) ? `${ratio.toFixed(2)}×` : '–';
}
