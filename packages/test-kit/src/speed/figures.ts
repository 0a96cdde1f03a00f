/**
 * The judge of a speed-up measured elsewhere: chapter 6's curve, which is
 * one call and cannot take turns with the kit's copies, and the site's
 * browser workers. It gives the verdict `judgeSpeedup` would give on its
 * last round, with the same bars, thresholds and words.
 *
 * @module
 */
import { effectiveCores, type EffectiveCores } from '../cores.ts';
import { machineBusy, SPEED } from '../policy.ts';
import { barRule, PARALLEL_BAR, type SpeedBar } from './bars.ts';
import { decide } from './decide.ts';
import { busyReason, inconclusiveReason, lowReferenceReason } from './words.ts';

/** Figures measured elsewhere, for {@link judgeFigures}. */
export interface MeasuredFigures {
  /** S: the candidate's gain over one thread. */
  readonly speedup: number;
  /** R: what the kit's own copies gained on the same work just before or after; NaN when not measured. */
  readonly referenceSpeedup: number;
  /** Cores' worth of CPU other processes used while either was measured. */
  readonly foreignCores: number;
  /** The copies the claim is about: fewer usable cores than this gives no verdict. Default: not checked. */
  readonly copies?: number;
  /** The most R can truly be (the copies, or the cores): a higher R is cut to this. */
  readonly ceiling?: number;
  /** Default {@link PARALLEL_BAR}. */
  readonly bar?: SpeedBar;
  /** Default `SPEED.minReference`. */
  readonly minReference?: number;
  /** Default: the cores this process can use now. */
  readonly cores?: EffectiveCores;
}

/** What {@link judgeFigures} decided. */
export interface FiguresVerdict {
  readonly outcome: 'pass' | 'fail' | 'inconclusive';
  /** The bar S was held to. */
  readonly required: number;
  /** R after the ceiling. */
  readonly referenceSpeedup: number;
  /** With `inconclusive`: why, with the cause the kit could name. */
  readonly reason?: string;
  /**
   * With `inconclusive`, the kind of cause: other processes were `busy`
   * (measuring again may help); fewer usable `cores` than the copies; the
   * kit's copies gained too little (`reference`); or S fell below the
   * `floor` within reach of R, where the figures could still be judged.
   */
  readonly cause?: 'busy' | 'cores' | 'reference' | 'floor';
}

/**
 * Judges a speed-up measured outside `judgeSpeedup` by the same rule,
 * as its last round would: no verdict on a busy machine, on fewer usable
 * cores than the copies claimed, or where the kit's own copies gained less
 * than a verdict needs; then the bar, with "below the floor but near the
 * kit's" inconclusive. The caller measures; this only decides and words.
 */
export function judgeFigures(figures: MeasuredFigures): FiguresVerdict {
  const bar = figures.bar ?? PARALLEL_BAR;
  const minReference = figures.minReference ?? SPEED.minReference;
  const cores = figures.cores ?? effectiveCores();
  const referenceSpeedup = Math.min(figures.referenceSpeedup, figures.ceiling ?? Infinity);
  const required = barRule(bar).required(referenceSpeedup);
  const { speedup, foreignCores } = figures;
  const inconclusiveFor = (cause: FiguresVerdict['cause'], reason: string): FiguresVerdict => ({
    outcome: 'inconclusive',
    required,
    referenceSpeedup,
    reason,
    cause,
  });
  if (machineBusy(foreignCores, 'comparison')) return inconclusiveFor('busy', busyReason(foreignCores));
  if (figures.copies !== undefined && cores.cores < figures.copies) {
    return inconclusiveFor(
      'cores',
      `this process can use ${cores.text}, fewer than the ${figures.copies} copies the speed claim is about`,
    );
  }
  // A reference that was never measured (NaN) gives no verdict here: these figures are not taken in turns.
  if (!(referenceSpeedup >= minReference)) {
    return inconclusiveFor(
      'reference',
      lowReferenceReason(referenceSpeedup, minReference, cores, foreignCores),
    );
  }
  // As the last round of a comparison decides: on the figures alone, with no margin.
  const outcome = decide(speedup, referenceSpeedup, bar, minReference, 1, 1);
  if (outcome === 'inconclusive') {
    return inconclusiveFor(
      'floor',
      inconclusiveReason({ speedup, referenceSpeedup, cores, foreignCores }, bar, minReference),
    );
  }
  return { outcome: outcome === 'pass' ? 'pass' : 'fail', required, referenceSpeedup };
}
