/**
 * The measuring half of a speed verdict: warm-ups, then rounds in which the
 * arms take turns, so a slow moment of the machine hurts all alike, while
 * the load other processes put on the machine is watched. It returns raw
 * times; what they mean is the judge's business (`decide` decides
 * after each round whether another is needed).
 *
 * @module
 */
import { measureRun } from '../clocks.ts';
import { watchLoad } from '../machine.ts';
import type { Decision } from './rule.ts';

/** One arm's runs: wall and CPU time of each, in ms, in the order measured. */
export interface Arm {
  readonly wall: number[];
  readonly cpu: number[];
}

/** The runs a comparison takes turns between, in this order each round. */
export interface Contestants {
  readonly baseline: () => unknown;
  readonly referenceBaseline?: (() => unknown) | undefined;
  readonly reference?: (() => unknown) | undefined;
  readonly candidate: () => unknown;
  readonly extra?: Readonly<Record<string, () => unknown>> | undefined;
}

/** Every arm's runs after the last round. */
export interface Arms {
  readonly baseline: Arm;
  readonly referenceBaseline: Arm;
  readonly reference: Arm;
  readonly candidate: Arm;
  readonly extra: ReadonlyArray<readonly [name: string, arm: Arm]>;
}

/** What one comparison measured. */
export interface Measured {
  readonly arms: Arms;
  /** Rounds measured after the warm-up. */
  readonly rounds: number;
  /** The decision that ended the rounds (never `undecided`). */
  readonly decision: Decision;
  /** Cores' worth of CPU other processes used meanwhile. */
  readonly foreignCores: number;
}

const arm = (): Arm => ({ wall: [], cpu: [] });

async function timeInto(target: Arm, run: () => unknown): Promise<void> {
  const cost = await measureRun(run);
  target.wall.push(cost.wallMs);
  target.cpu.push(cost.cpuMs);
}

/** CPU ÷ wall of each run of an arm: about the number of threads computing at once. */
export const shares = (target: Arm): number[] => target.wall.map((wall, i) => (target.cpu[i] ?? 0) / wall);

/**
 * Runs each contestant once to warm it up, then a round of turns at a time
 * until `afterRound` (given the runs so far and the round's number) decides.
 * `afterRound` must decide by the last round it allows.
 */
export async function measureInTurns(
  runs: Contestants,
  afterRound: (arms: Arms, round: number) => Decision,
): Promise<Measured> {
  const extras = Object.entries(runs.extra ?? {});
  const arms: Arms = {
    baseline: arm(),
    referenceBaseline: arm(),
    reference: arm(),
    candidate: arm(),
    extra: extras.map(([name]) => [name, arm()] as const),
  };
  await runs.baseline();
  if (runs.referenceBaseline) await runs.referenceBaseline();
  if (runs.reference) await runs.reference();
  await runs.candidate();
  for (const [, run] of extras) await run();

  const watch = watchLoad();
  let decision: Decision = 'undecided';
  let rounds = 0;
  while (decision === 'undecided') {
    rounds += 1;
    await timeInto(arms.baseline, runs.baseline);
    if (runs.referenceBaseline) await timeInto(arms.referenceBaseline, runs.referenceBaseline);
    if (runs.reference) await timeInto(arms.reference, runs.reference);
    await timeInto(arms.candidate, runs.candidate);
    for (const [index, [, run]] of extras.entries()) await timeInto(arms.extra[index]![1], run);
    decision = afterRound(arms, rounds);
  }
  return { arms, rounds, decision, foreignCores: watch.stop().foreignCores };
}
