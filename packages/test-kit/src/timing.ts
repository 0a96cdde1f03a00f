/**
 * Small timing helpers for tests: the wall time of a run, and waiting for a
 * promise with a limit.
 *
 * @module
 */
import { now } from './clocks.ts';

/** Runs `fn` and reports its value with the wall time it took, in milliseconds (trusted clock). */
export async function measureWall<T>(fn: () => Promise<T> | T): Promise<{ value: T; ms: number }> {
  const start = now();
  const value = await fn();
  return { value, ms: now() - start };
}

/** The outcome of a promise, as a value a test can inspect without try/catch. */
export type Settled<T> = { value: T } | { error: unknown };

/**
 * Waits for `promise` to settle, but no longer than `limitMs`: a solution that
 * never finishes then fails with `stuckMessage` after a few seconds instead of
 * a generic test time-out much later.
 */
export async function settleWithin<T>(
  promise: Promise<T>,
  limitMs: number,
  stuckMessage: string,
): Promise<Settled<T>> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const watchdog = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(
      () => reject(new Error(`still waiting after ${limitMs} ms: ${stuckMessage}`)),
      limitMs,
    );
  });
  try {
    return await Promise.race([
      promise.then(
        (value) => ({ value }),
        (error: unknown) => ({ error }),
      ),
      watchdog,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * What {@link rejectionOf} returns when `run` did not throw or reject: the
 * value it gave, so a failure message can say "it resolved with 12345"
 * rather than "saw nothing".
 */
export class Resolved {
  readonly value: unknown;
  constructor(value: unknown) {
    this.value = value;
  }
}

/**
 * What `run` threw or rejected with, or a {@link Resolved} holding its value
 * when it succeeded: for asserting on errors with a clear message.
 */
export async function rejectionOf(run: () => unknown): Promise<unknown> {
  try {
    return new Resolved(await run());
  } catch (error) {
    return error;
  }
}
