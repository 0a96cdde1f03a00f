/**
 * Seeded randomness for tests. Inputs are varied on every run so that a
 * hard-coded answer fails, and the seed is printed when a test fails so the
 * failing run can be repeated exactly with `COURSE_SEED=<seed> pnpm test`
 * (in PowerShell, `$env:COURSE_SEED=<seed>; pnpm test`).
 *
 * @module
 */
import { onTestFailed } from 'vitest';

/** A small deterministic generator (mulberry32): numbers in [0, 1). */
export function generatorFromSeed(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Random helpers bound to one seed. */
export interface SeededRandom {
  readonly seed: number;
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max] (both inclusive). */
  int(min: number, max: number): number;
  /** The items in a random order (a new array). */
  shuffle<T>(items: readonly T[]): T[];
  /** One item, chosen at random. */
  pick<T>(items: readonly T[]): T;
}

/**
 * The command that runs a lesson's tests again on the inputs of `seed`, in
 * the shell a student on `platform` most likely has: POSIX shells on macOS
 * and Linux, PowerShell on Windows (where `NAME=value command` is an error
 * and a variable set with `$env:` lasts until the window is closed, so the
 * command clears it again).
 */
export function replayCommand(seed: number, platform: NodeJS.Platform = process.platform): string {
  return platform === 'win32'
    ? `$env:COURSE_SEED=${seed}; pnpm test; Remove-Item Env:COURSE_SEED`
    : `COURSE_SEED=${seed} pnpm test`;
}

/** Reads `COURSE_SEED` when it is set, so a failing run can be replayed. */
function chooseSeed(): number {
  const fromEnv = process.env['COURSE_SEED'];
  if (fromEnv !== undefined && fromEnv !== '') {
    const seed = Number(fromEnv);
    if (!Number.isInteger(seed) || seed < 0) {
      throw new RangeError(`COURSE_SEED must be a whole number ≥ 0, got "${fromEnv}"`);
    }
    return seed;
  }
  return Math.floor(Math.random() * 2 ** 31);
}

/**
 * Random helpers for the current test. Call it inside a test: when that test
 * fails, the seed is added to the report with the command that replays it.
 */
export function seededRandom(seed: number = chooseSeed()): SeededRandom {
  try {
    onTestFailed(({ task }) => {
      const note = `random inputs came from seed ${seed}; replay them with ${replayCommand(seed)}`;
      // Added to the test's own errors so it shows in every report format.
      task.result?.errors?.push({ name: 'Seed', message: note });
    });
  } catch {
    // Called outside a running test (a helper's own unit test, a benchmark):
    // there is no report to add the seed to.
  }
  const next = generatorFromSeed(seed);
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  return {
    seed,
    next,
    int,
    shuffle<T>(items: readonly T[]): T[] {
      const copy = [...items];
      for (let i = copy.length - 1; i > 0; i -= 1) {
        const j = int(0, i);
        [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
      }
      return copy;
    },
    pick<T>(items: readonly T[]): T {
      if (items.length === 0) throw new RangeError('pick() needs at least one item');
      return items[int(0, items.length - 1)] as T;
    },
  };
}
