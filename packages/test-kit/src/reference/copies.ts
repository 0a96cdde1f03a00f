/**
 * The test kit's own copies: the trusted reference a student's parallel code
 * is measured against, in the same run, on the same machine (see
 * speed/judge.ts). What the kit's copies reach right now is what this machine
 * can give this work — two whole cores, one core shared by a quota, or two
 * SMT siblings — so a verdict never rests on a fixed multiple of a core count.
 *
 * The copies are plain `node:worker_threads` workers, not Tinypool, for two
 * reasons: the lessons' Tinypool spy (which replaces the `tinypool` module in
 * the test's module graph) must see only the student's pools, and the
 * yardstick must not share a library — or a bug — with the code it judges.
 * Like the exercises, each call starts its copies and ends them before it
 * returns, and each copy loads a TypeScript file as theirs do, so the same
 * start-up is paid on both sides.
 *
 * @module
 */
import { Worker } from 'node:worker_threads';
import { tsWorker } from '@spellbook/ts-worker';
import { median } from '../statistics.ts';
import { measureWall } from '../timing.ts';
import { sieveSpan, trialDivisionSpan, type ReferenceTask } from './work.mjs';

// Started the way every exercise's worker is (see copy.ts for why); on
// Node 20 the first copy compiles it, once per process.
const copyScript = () => tsWorker(new URL('./copy.ts', import.meta.url));

interface Answer {
  readonly id: number;
  readonly value?: unknown;
  readonly error?: string;
}

/** One reference copy: a worker thread that runs one task at a time. */
class ReferenceCopy {
  readonly #worker = new Worker(copyScript());
  readonly #waiting = new Map<
    number,
    { resolve: (value: unknown) => void; reject: (error: Error) => void }
  >();
  #nextId = 0;

  constructor() {
    this.#worker.on('message', ({ id, value, error }: Answer) => {
      const settle = this.#waiting.get(id);
      this.#waiting.delete(id);
      if (error !== undefined) settle?.reject(new Error(`the test kit's reference copy failed: ${error}`));
      else settle?.resolve(value);
    });
    this.#worker.on('error', (error) => this.#failAll(error));
    this.#worker.on('exit', () => this.#failAll(new Error("the test kit's reference copy exited")));
  }

  #failAll(error: Error): void {
    for (const { reject } of this.#waiting.values()) reject(error);
    this.#waiting.clear();
  }

  run<T>(task: ReferenceTask): Promise<T> {
    const id = this.#nextId++;
    return new Promise<T>((resolve, reject) => {
      this.#waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.#worker.postMessage({ id, task });
    });
  }

  async end(): Promise<void> {
    await this.#worker.terminate();
  }
}

/** Starts `copies` reference copies, gives them to `work`, and ends them all however `work` ends. */
async function withCopies<T>(copies: number, work: (team: ReferenceCopy[]) => Promise<T>): Promise<T> {
  const team = Array.from({ length: copies }, () => new ReferenceCopy());
  try {
    return await work(team);
  } finally {
    await Promise.all(team.map((copy) => copy.end()));
  }
}

/** Runs `tasks` on `copies` reference copies, each copy taking the next task when it is free; results in task order. */
export function runOnReferenceCopies<T>(tasks: readonly ReferenceTask[], copies: number): Promise<T[]> {
  return withCopies(copies, async (team) => {
    const results = new Array<T>(tasks.length);
    let next = 0;
    await Promise.all(
      team.map(async (copy) => {
        while (next < tasks.length) {
          const index = next++;
          results[index] = await copy.run<T>(tasks[index] as ReferenceTask);
        }
      }),
    );
    return results;
  });
}

/**
 * Cuts [0, limit) into `pieces` spans of about equal trial-division cost
 * (the work below x grows like x^1.5, so the spans narrow as numbers grow).
 */
function balancedSpans(limit: number, pieces: number): Array<[number, number]> {
  const boundary = (i: number): number => Math.round(limit * (i / pieces) ** (2 / 3));
  return Array.from({ length: pieces }, (_, i): [number, number] => [boundary(i), boundary(i + 1)]);
}

function equalSpans(limit: number, pieces: number): Array<[number, number]> {
  return Array.from({ length: pieces }, (_, i): [number, number] => [
    Math.floor((limit * i) / pieces),
    Math.floor((limit * (i + 1)) / pieces),
  ]);
}

/** How the reference sums primes: the course's trial division (chapters 4–6) or a segmented sieve (chapter 11). */
export type ReferenceMethod = 'trial' | 'sieve';

/** The sum of the primes below `limit` on this thread, by the reference's `method`. */
export function referencePrimeSumOnOneThread(limit: number, method: ReferenceMethod = 'trial'): number {
  return method === 'trial' ? trialDivisionSpan(0, limit) : sieveSpan(0, limit);
}

/**
 * The sum of the primes below `limit` on `copies` fresh reference copies,
 * by the reference's `method`: 8 cost-balanced spans per copy for trial
 * division, 4 equal spans per copy for the sieve (whose cost per number is
 * flat).
 */
export async function referencePrimeSum(
  limit: number,
  copies: number,
  method: ReferenceMethod = 'trial',
): Promise<number> {
  const spans = method === 'trial' ? balancedSpans(limit, copies * 8) : equalSpans(limit, copies * 4);
  const sums = await runOnReferenceCopies<number>(
    spans.map(([from, to]) => ({ kind: method, from, to })),
    copies,
  );
  return sums.reduce((total, sum) => total + sum, 0);
}

/** Reads every page of `urls` on `copies` fresh reference copies (each copy fetches its pages itself); texts in scroll order. */
export function referenceReadWithCopies(urls: readonly string[], copies: number): Promise<string[]> {
  return runOnReferenceCopies<string>(
    urls.map((url) => ({ kind: 'fetch', url })),
    copies,
  );
}

/**
 * `workers` reference copies add 1 to one shared counter `increments` times
 * each, without Atomics, all started together: the marks that survive. Fewer
 * than `workers × increments` means the machine ran two of them at the same
 * moment; none lost is likely when it never does (one CPU, or a tight quota).
 */
export function referenceTallyUnsafely(workers: number, increments: number): Promise<number> {
  const counter = new SharedArrayBuffer(4);
  const gate = new SharedArrayBuffer(8);
  const gateView = new Int32Array(gate);
  return withCopies(workers, async (team) => {
    const done = Promise.all(team.map((copy) => copy.run({ kind: 'tally', counter, gate, increments })));
    // Open the gate once every copy is waiting at it.
    while (Atomics.load(gateView, 1) < workers) await new Promise((resolve) => setTimeout(resolve, 1));
    Atomics.store(gateView, 0, 1);
    Atomics.notify(gateView, 0);
    await done;
    return new Int32Array(counter)[0] as number;
  });
}

/** One point of a speed-up curve. */
export interface CurvePoint {
  readonly copies: number;
  /** Median wall time of one parallel sum, copies' start-up included, in ms. */
  readonly ms: number;
  /** The one-thread time ÷ `ms`. */
  readonly speedup: number;
}

/**
 * The test kit's own curve (chapter 6): the sum below `limit` by trial
 * division on fresh reference copies of each count in `counts`, against the
 * same sum on this thread. A short warm-up of the one-thread sum, then `rounds`
 * rounds in which the one-thread sum and every count take turns; each point
 * is a median.
 */
export async function referenceCurve(
  limit: number,
  counts: readonly number[],
  rounds = 2,
): Promise<CurvePoint[]> {
  const time = async (run: () => unknown): Promise<number> => (await measureWall(run)).ms;
  // Warm this thread's compiled code on a small sum; each copy compiles its own.
  trialDivisionSpan(0, Math.ceil(limit / 16));
  const oneThread: number[] = [];
  const times = counts.map((): number[] => []);
  for (let round = 0; round < rounds; round += 1) {
    oneThread.push(await time(() => trialDivisionSpan(0, limit)));
    for (const [index, copies] of counts.entries()) {
      times[index]?.push(await time(() => referencePrimeSum(limit, copies)));
    }
  }
  const oneThreadMs = median(oneThread);
  return counts.map((copies, index) => {
    const ms = median(times[index] ?? []);
    return { copies, ms, speedup: oneThreadMs / ms };
  });
}
