/**
 * What a parallel speed test tells a student whose copies missed the bar:
 * the standard expected/saw pair, and advice chosen from the evidence.
 *
 * @module
 */
import { SPEED } from '../policy.ts';
import type { CalibratedVerdict } from './types.ts';

/** The standard expected/saw of a parallel verdict, for a failure message (see {@link parallelWords}). */
export interface ParallelWords {
  readonly expected: string;
  readonly saw: string;
}

/**
 * The expected/saw pair every parallel speed test states the same way: the
 * bar against the kit's own gain, and what the candidate's copies got, with
 * the CPU clock's confirmation for CPU-bound work. `over` names the
 * one-thread run ("your spell with one copy"), `reference` what the kit's
 * copies did ("the test kit's own 3 copies reached"), and `where` the work's
 * pieces as seen by the Tinypool spy ("4 chunk(s) ran on 2 busy thread(s)").
 */
export function parallelWords(
  verdict: CalibratedVerdict,
  words: {
    readonly copies: number;
    readonly over: string;
    readonly reference: string;
    readonly where: string;
  },
): ParallelWords {
  const cpu = Number.isNaN(verdict.cpuShareNeeded)
    ? ''
    : `, with threads computing at once: CPU ÷ wall at least ${verdict.cpuShareNeeded.toFixed(2)}`;
  const cpuSaw = Number.isNaN(verdict.cpuShareNeeded)
    ? ''
    : ` (a pass needs ${verdict.cpuShareNeeded.toFixed(2)})`;
  return {
    expected:
      `at least ${verdict.required.toFixed(2)}× ${words.over} with ${words.copies} copies ` +
      `(${words.reference} ${verdict.referenceSpeedup.toFixed(2)}× on this machine just now)${cpu}`,
    saw: `${verdict.speedup.toFixed(2)}×, CPU ÷ wall ${verdict.candidateCpuShare.toFixed(2)}${cpuSaw}; ${words.where}`,
  };
}

/** What a parallel candidate's failure looked like, for {@link parallelAdvice}. */
export interface ParallelEvidence {
  /** Worker threads that really computed (from the Tinypool spy). */
  readonly busyThreads: number;
}

/** What to tell the student in each case {@link parallelAdvice} can tell apart. */
export interface ParallelAdviceText {
  /** The work stayed on one thread. */
  readonly notSpread: string;
  /** Everything else: the copies ran together but some were left idle. */
  readonly unbalanced: string;
}

/**
 * Advice from evidence, for a candidate that missed the bar while the
 * machine did show parallel speed-up: work on one thread; threads that took
 * turns (CPU ÷ wall near 1); copies whose work is slower than the
 * reference's per number (CPU time far above the kit's); otherwise balance.
 */
export function parallelAdvice(
  verdict: CalibratedVerdict,
  evidence: ParallelEvidence,
  text: ParallelAdviceText,
): string {
  if (evidence.busyThreads < 2) return text.notSpread;
  if (verdict.candidateCpuShare < SPEED.tookTurnsBelow) {
    return (
      `the copies took turns: CPU ÷ wall was ${verdict.candidateCpuShare.toFixed(2)}, so about one thread computed at a time, ` +
      `while the kit's copies reached ${verdict.referenceCpuShare.toFixed(2)} on this machine. ` +
      'Start every task before awaiting any of them (Promise.all over pool.run)'
    );
  }
  const cpuRatio = verdict.candidateCpuMs / verdict.referenceCpuMs;
  if (cpuRatio > SPEED.slowerWorkAbove) {
    return (
      `your copies spent ${cpuRatio.toFixed(1)}× the CPU time of the kit's copies on the same numbers: ` +
      'the work inside each copy is slower, not the way it is shared out. Make the per-number work as cheap as the one-thread version'
    );
  }
  return text.unbalanced;
}
