import {
  describeValue,
  effectiveCores,
  explain,
  formatTimes,
  inconclusive,
  judgeSpeedup,
  measured,
  parallelAdvice,
  primeSumOracle,
  referencePrimeSum,
  rejectionOf,
  resetTinypoolLog,
  seededRandom,
  speedupFigures,
  summariseTinypool,
  tamperedClocks,
} from '@spellbook/test-kit';
import type * as TinypoolModule from 'tinypool';
import { beforeEach, describe, expect, test, vi } from 'vitest';
import { sumPrimesInParallel } from '../src/copying-spell.ts';

// The exercise gets a Tinypool that records what it does, so the tests can
// see which threads really worked.
vi.mock('tinypool', async (importOriginal) => {
  const kit = await import('@spellbook/test-kit');
  return kit.spyOnTinypool(await importOriginal<typeof TinypoolModule>());
});

beforeEach(() => resetTinypoolLog());

describe('sumPrimesInParallel: the right answer', () => {
  test('small limits: 0, 1, 2, 3, 4, 5, 100', async () => {
    const limits = [0, 1, 2, 3, 4, 5, 100];
    const sums = [];
    for (const limit of limits) sums.push(await sumPrimesInParallel(limit, { copies: 2 }));
    expect(sums).toEqual(limits.map(primeSumOracle));
  });

  test('random limits, copies and chunks agree with an independent sieve', async () => {
    const random = seededRandom();
    for (let i = 0; i < 4; i += 1) {
      const limit = random.int(10_000, 400_000);
      const copies = random.int(1, 3);
      const chunks = random.int(1, 24);
      expect(
        await sumPrimesInParallel(limit, { copies, chunks }),
        `the sum below ${limit} with ${copies} copies and ${chunks} chunks`,
      ).toBe(primeSumOracle(limit));
    }
  });

  test('more chunks than numbers still adds up', async () => {
    expect(await sumPrimesInParallel(10, { copies: 2, chunks: 32 })).toBe(17);
  });

  test.each([
    ['a negative limit', -1, {}],
    ['a fractional limit', 10.5, {}],
    ['no copies', 1_000, { copies: 0 }],
    ['half a copy', 1_000, { copies: 1.5 }],
    ['no chunks', 1_000, { chunks: 0 }],
  ])('rejects %s with a RangeError', async (_label, limit, options) => {
    const error = await rejectionOf(() => sumPrimesInParallel(limit, options));
    expect(error, `expected a RangeError, saw ${describeValue(error)}`).toBeInstanceOf(RangeError);
  });
});

describe('sumPrimesInParallel: the copies', () => {
  test('the work runs through Tinypool on at least 2 worker threads', async () => {
    const limit = 2_000_000;
    expect(await sumPrimesInParallel(limit, { copies: 2 })).toBe(primeSumOracle(limit));
    const seen = summariseTinypool();
    expect(
      seen.pools,
      explain({
        expected: 'a Tinypool to be made',
        saw: seen.text,
        tryThis: 'import { Tinypool } from "tinypool" and run every chunk through pool.run(...)',
      }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      seen.sharingThreads,
      explain({
        expected:
          'at least 2 worker threads that each computed a real share of the work (a quarter of an equal share or more)',
        saw: seen.text,
        tryThis: 'give the pool minThreads/maxThreads of `copies`, and cut the range into several chunks',
      }),
    ).toBeGreaterThanOrEqual(2);
  });

  test('no worker thread is left running once the promise resolves', async () => {
    await sumPrimesInParallel(200_000, { copies: 2 });
    await sumPrimesInParallel(200_000);
    const seen = summariseTinypool();
    expect(seen.pools, 'each call should use a Tinypool').toBeGreaterThanOrEqual(2);
    await expect
      .poll(() => summariseTinypool().aliveThreads, {
        timeout: 1_000,
        message: explain({
          expected: 'every worker thread to have exited when the promise resolved',
          saw: `${summariseTinypool().aliveThreads} still running (${seen.text})`,
          tryThis: '`await pool.destroy()` in a finally block before returning',
        }),
      })
      .toBe(0);
  });

  test('is faster than one thread, as fast as this machine lets copies be', async (context) => {
    const random = seededRandom();
    const { cores } = effectiveCores();
    // Always at least 2 copies: the verdict comes from what the test kit's own
    // copies reach on this machine, not from a count of cores.
    const copies = Math.min(Math.max(cores, 2), 4);
    // More cores, more work: each copy gets about as much as on a 2-core machine.
    const limit = random.int(5_000_000, 7_000_000) * Math.max(1, copies / 2);

    // Your spell with one copy against your spell with `copies`, and the test
    // kit's one copy against its `copies`: each is judged by its own code's
    // speed, so a slower (but correct) way to test a number costs nothing here.
    const verdict = await judgeSpeedup({
      baseline: () => sumPrimesInParallel(limit, { copies: 1 }),
      referenceBaseline: () => referencePrimeSum(limit, 1),
      reference: () => referencePrimeSum(limit, copies),
      // Prime sums are CPU work: a pass must show in the CPU clock too, not only the wall clock.
      cpuBound: true,
      ceiling: Math.min(copies, effectiveCores().logical),
      candidate: async () => {
        resetTinypoolLog();
        return sumPrimesInParallel(limit, { copies });
      },
    });
    const seen = summariseTinypool();
    const detail = `${verdict.detail}\nyour last run: ${seen.text}\nlimit ${limit}, ${copies} copies`;
    measured(
      context,
      `the primes below ${limit.toLocaleString('en')}: your ${copies} copies were ${formatTimes(verdict.speedup)} as fast as your one copy, on ${verdict.candidateCpuShare.toFixed(2)} threads' worth of CPU (the test kit's own copies: ${formatTimes(verdict.referenceSpeedup)}; a pass needs ${formatTimes(verdict.required)}; ${verdict.cores.cores} usable cores here)`,
      [...speedupFigures(verdict), { name: 'copies', value: copies, unit: 'copies' }],
    );
    if (verdict.outcome === 'inconclusive') inconclusive(context, verdict.reason ?? detail);

    expect(
      tamperedClocks(),
      'the exercise must not replace the clocks; the tests measure with their own copies anyway',
    ).toEqual([]);
    expect(
      verdict.outcome,
      explain({
        expected: `at least ${verdict.required.toFixed(2)}× with ${copies} copies over your spell with one copy (the test kit's own ${copies} copies reached ${verdict.referenceSpeedup.toFixed(2)}× over its one copy on this machine just now), with threads computing at once: CPU ÷ wall at least ${verdict.cpuShareNeeded.toFixed(2)}`,
        saw: `${verdict.speedup.toFixed(2)}×, CPU ÷ wall ${verdict.candidateCpuShare.toFixed(2)} (a pass needs ${verdict.cpuShareNeeded.toFixed(2)}); ${seen.tasks} chunk(s) ran on ${seen.busyThreads} busy thread(s)`,
        tryThis: parallelAdvice(verdict, seen, {
          notSpread:
            'the work is not spread: run each chunk through pool.run and let the pool have `copies` threads',
          unbalanced:
            'cut the range into more chunks than copies (8 per copy is a good start) so no copy is left idle',
        }),
        detail,
      }),
    ).toBe('pass');
  }, 120_000);
});
