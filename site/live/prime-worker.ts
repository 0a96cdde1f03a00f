/**
 * A Web Worker of the live experiment on the parallelism page: sums the
 * primes in the spans it is sent, by trial division (the same work as the
 * course's prime sums), and posts the sum back with how long it computed.
 *
 * @module
 */

/** A job: spans `[from, to)` to sum the primes of. */
export interface PrimeJob {
  readonly id: number;
  readonly spans: ReadonlyArray<readonly [from: number, to: number]>;
}

/** The answer to a job. */
export interface PrimeAnswer {
  readonly id: number;
  readonly sum: number;
  /** How long this worker computed, by its own clock. */
  readonly busyMs: number;
}

function isPrime(n: number): boolean {
  if (n < 2) return false;
  if (n % 2 === 0) return n === 2;
  for (let divisor = 3; divisor * divisor <= n; divisor += 2) {
    if (n % divisor === 0) return false;
  }
  return true;
}

const scope = globalThis as unknown as {
  addEventListener(type: 'message', listener: (event: MessageEvent<PrimeJob>) => void): void;
  postMessage(answer: PrimeAnswer): void;
};

scope.addEventListener('message', (event) => {
  const started = performance.now();
  let sum = 0;
  for (const [from, to] of event.data.spans) {
    for (let n = from; n < to; n += 1) if (isPrime(n)) sum += n;
  }
  scope.postMessage({ id: event.data.id, sum, busyMs: performance.now() - started });
});
