/**
 * Every threshold the kit's verdicts use, in one place, read once: how far a
 * speed-up must be from its bar, when the machine counts as busy, what a pass
 * earned by the work needs. The code that measures produces numbers, the code
 * that decides takes them with these, and the lessons name these rather than
 * writing a number of their own, so a bar changed here is changed everywhere.
 *
 * @module
 */

/** The speed verdict's rule (speed/). */
export const SPEED = {
  /**
   * How far, as a fraction, a ratio must be from its bar to be decided after
   * 1, 2, 3 … rounds. A single pair can be off by ~10 % on a shared machine;
   * the medians of three runs by ~5 %. After the last round the margin is 0.
   */
  sequentialMargins: [0.15, 0.08, 0.04] as readonly number[],
  /** Rounds measured, at the least, before a failing verdict (a median of three is robust to one bad run). */
  failAfterRounds: 3,
  /** For CPU-bound work, how far below the bar a speed-up must be to fail before `failAfterRounds` (with the CPU clock agreeing). */
  earlyFailMargin: 0.3,
  /** How much of a measured gain over one thread the CPU clock must confirm: a pass at S× needs CPU ÷ wall ≥ 1 + (S − 1) × this. */
  cpuConfirmation: 0.5,
  /** The default bar: at least this fraction of the reference's speed-up, and never below the floor. */
  parallelFraction: 0.8,
  parallelFloor: 1.15,
  /** Below this reference speed-up no parallel verdict is given. */
  minReference: 1.3,
  /** Rounds at most in one comparison. */
  maxRounds: 4,
  /** Comparisons made at most while the machine is busy, or to measure a near failure again. */
  attempts: 3,
  /**
   * A failure is measured again once when the kit's own runs of one arm (its
   * one thread, its copies) differ by more than this factor, slowest ÷
   * fastest: the machine slowed some of them (another tenant of the host,
   * which no load reading inside it sees), and R, with the bar, moved by
   * chance. CI once saw the kit's one thread at 1474, 1380 and 909 ms, which
   * raised the bar from about 1.4× to 1.6×.
   */
  unsteadySpread: 1.25,
  /** The pause, in ms, before a comparison is measured again. */
  pauseBeforeAgainMs: 500,
  /** Advice: below this CPU ÷ wall the copies took turns (about one thread computing at a time). */
  tookTurnsBelow: 1.15,
  /** Advice: above this multiple of the kit's CPU time, the work inside each copy is slower, not its sharing. */
  slowerWorkAbove: 1.5,
  /** Advice: above this CPU ÷ wall, more than one thread computed (chapter 4's async parts must not). */
  moreThanOneThreadAbove: 1.3,
  /**
   * The grader's class report marks a speed-up within this share of its bar
   * as "near": grading again on another machine could decide otherwise.
   */
  nearTheBar: 0.1,
} as const;

/** The bars particular lessons hold a speed-up to, beside the default {@link SPEED} bar. */
export const LESSON_BARS = {
  /** Chapter 4: above this speed-up over one plain loop, "no faster" is no longer true. */
  notFaster: 1.25,
  /**
   * Chapter 6: a curve and the kit's figure are measured seconds apart, not
   * in turns, and a shared machine drifts by a fifth over seconds: 60 % of
   * the kit's figure, where the interleaved races ask 80 %.
   */
  curve: { fraction: 0.6, floor: SPEED.parallelFloor },
  /**
   * Chapter 6: how far a curve's one-thread time may be from the kit's timing
   * of the same sum on the same thread (both medians of a few runs, seconds
   * apart). The solution measured 0.84–1.03 × here; a one-thread run that
   * waits or computes twice is about 2 ×. Below the band, the figure is not
   * this sum's time either.
   */
  curveOneThreadBand: [0.6, 1.3] as const,
  /** Chapter 11: a sieve leans on memory, whose speed copies share, more than trial division does. */
  sieve: { fraction: 0.7, floor: SPEED.parallelFloor },
  /** Chapter 11: a sieve against trial division on one thread, at 10 000 000 (one algorithm against another, so a fixed bar). */
  sieveOverTrial: { fraction: 0, floor: 20 },
  /** Chapter 8: a task is mostly waiting below this CPU share (a fetch of a slow page) … */
  waitingShareBelow: 0.3,
  /** … and mostly thinking above this one (a prime sum). */
  thinkingShareAbove: 0.7,
  /**
   * Chapter 8: how far a student's `profile()` may be from the tests' own
   * clocks around the same call. Its wall time: more than `wallAtLeast` of
   * theirs and at most theirs plus `wallSlackMs`. Its CPU time: between
   * `cpuAtLeast` and `cpuAtMost` of theirs, give or take `cpuSlackMs` (the
   * clocks' resolution). A wall clock used for CPU, or CPU without the
   * kernel's share, falls outside.
   */
  profileFit: { wallAtLeast: 0.5, wallSlackMs: 1, cpuAtLeast: 0.75, cpuAtMost: 1.1, cpuSlackMs: 5 },
  /** Chapter 9: handing a 64 MiB buffer over at least this many times as fast as copying it. */
  transferOverCopy: 2,
  /** Chapter 9: the most of counting every mark itself that the main thread may spend while the workers count. */
  mainThreadShareOfCounting: 0.5,
  /** Chapter 12: many small calls on one ledger at least this many times as fast as with a cold pool per call. */
  ledgerOverColdPool: 2,
  /**
   * The site's live experiment: two browser workers this many times as fast
   * as one pass on their own; below it they are judged against the kit's
   * copies by the default bar.
   */
  browserWorkersOnTheirOwn: 1.3,
} as const;

/** When other processes' load makes a measurement unfair, in cores' worth of their CPU time. */
export const MACHINE_LOAD = {
  /**
   * A comparison of speeds (two arms taking turns, a curve against the kit's
   * figure) measured while others used more than this is measured again, and
   * inconclusive if it stays so.
   */
  busyForComparison: 0.35,
  /**
   * A deadline missed, a beat late or an event that did not happen while
   * others used more than this may be their doing: inconclusive, not failed.
   * Higher than for a comparison: one late moment needs more load to explain.
   */
  busyForDeadline: 0.5,
  /** Others' load worth naming as a cause of a low reference speed-up. */
  worthNaming: 0.15,
} as const;

/** True when others' load makes a measurement of this kind unfair (see {@link MACHINE_LOAD}). */
export function machineBusy(foreignCores: number, kind: 'comparison' | 'deadline'): boolean {
  return (
    foreignCores > (kind === 'comparison' ? MACHINE_LOAD.busyForComparison : MACHINE_LOAD.busyForDeadline)
  );
}

/** What a pass earned by the work itself needs (earned.ts). */
export const WORK_AUDIT = {
  /** A thread shares the work when its tasks returned at least this part of an equal share of the answer. */
  shareOfEqualShare: 0.25,
  /**
   * The most of a parallel call's CPU time (all threads) that the main thread
   * may spend itself. Handing out chunks and adding up their sums costs it
   * about 1 %; one chunk of two computed at home costs it half.
   */
  mainThreadShareMax: 0.2,
  /**
   * The least the copies' CPU time (median) may be, as a part of the one-copy
   * baseline's fastest run. The copies do the same sums, plus the start-up of
   * more threads; a baseline that did extra work on purpose makes them look
   * cheap in every run.
   */
  sameWorkCpuMin: 0.8,
  /**
   * How many more one-copy runs auditBaseline may ask for before it reports
   * that the one copy did more work. V8 sometimes runs the same loop at half
   * speed on a later call on the main thread: lesson 11's reference sieve took
   * 1 260 ms of the main thread's CPU and then 2 430 ms at the next limit, in
   * one test (Node 24, pinned to one CPU). Extra work done on purpose costs
   * that in every run; the engine's slow calls come and go.
   */
  sameWorkRetries: 3,
  /**
   * The least the baseline's CPU ÷ wall may be, as a part of the kit's own
   * one-copy run's in the same comparison: a one-copy run that waits on
   * purpose (a timer, a sleep) computes for less of its time.
   */
  baselineComputingMin: 0.85,
  /** How far apart, as a part of the middle limit, the limits of one comparison may be. */
  limitSpread: 0.01,
  /** The limit at which sizedLimit compares the candidate's cost per number with trial division's. */
  sizingProbe: 2_000_000,
  /** The largest limit sizedLimit gives: the sum stays exact, and the kit's sieve checks it in about a second. */
  sizingMax: 200_000_000,
  /** sizedLimit leaves the limit as it is unless the candidate's cost per number is below trial division's by more than this factor. */
  sizingMinFactor: 1.5,
  /**
   * How far, in ms, a time the code reports as spent computing may exceed the
   * CPU its thread spent (expectTimeWithinCpu): the clocks' resolution, with
   * Node counting a thread's CPU in ticks of up to 10 ms.
   */
  computedTimeSlackMs: 20,
} as const;
