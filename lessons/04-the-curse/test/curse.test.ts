import {
  type CalibratedVerdict,
  describeValue,
  explain,
  formatMs,
  formatTimes,
  inconclusive,
  expectSpeedVerdict,
  expectBoundUnderQuota,
  type HeartbeatReport,
  judgeSpeedup,
  measured,
  primesBelow,
  primeSumOracle,
  rejectionOf,
  seededRandom,
  speedupFigures,
  startHeartbeat,
  watchLoad,
  machineBusy,
  LESSON_BARS,
  SPEED,
  mainThreadWorkDuring,
} from '@spellbook/test-kit';
import { describe, expect, test } from 'vitest';
import { isPrime, sumPrimesBelow, sumPrimesConcurrently, sumPrimesPolitely } from '../src/curse.ts';

/** Big enough to take a few hundred milliseconds on one thread, small enough to repeat. */
const TIMED_LIMIT = 2_000_000;
/** Above this speed-up, "no faster" is no longer true. */
const NOT_FASTER = LESSON_BARS.notFaster;
/** The two slices that show what sliceMs does: a 1 ms heartbeat beats about every 2–3 ms with the first, every 30 with the second. */
const SHORT_SLICE = 2;
const LONG_SLICE = 30;
/** How many times longer the heartbeat's mean wait must be with LONG_SLICE than with SHORT_SLICE (about 10 × when sliceMs is obeyed). */
const SLICE_EFFECT = 3;
/** The least part of the process's CPU the main thread spends on a polite sum: it is all that computes. */
const MAIN_SHARE = 0.6;

const invalidNumbers = [-1, -7, 2.5, Number.NaN, Number.POSITIVE_INFINITY];

/** Both clocks' view of a "no faster" verdict: faster means faster by both. */
function notFasterSaw(verdict: CalibratedVerdict): string {
  return (
    `${verdict.speedup.toFixed(2)}× by the wall clock and ${verdict.cpuClockSpeedup.toFixed(2)}× against ` +
    `one thread's CPU time (CPU ÷ wall ${verdict.candidateCpuShare.toFixed(2)})`
  );
}

describe('isPrime', () => {
  test('0, 1, 2, 3 and 4 are not prime, prime, prime and not prime as they should be', () => {
    expect([0, 1, 2, 3, 4].map((n) => isPrime(n))).toEqual([false, false, true, true, false]);
  });

  test('agrees with a sieve for every number below 20 000', () => {
    const primes = primesBelow(20_000);
    const wrong: number[] = [];
    for (let n = 0; n < 20_000; n += 1) if (isPrime(n) !== primes.has(n)) wrong.push(n);
    expect(
      wrong,
      explain({
        expected: 'no disagreement with the sieve',
        saw: `wrong answers for ${wrong.slice(0, 10).join(', ')}${wrong.length > 10 ? ', …' : ''}`,
        tryThis: 'test divisors while divisor * divisor <= n (note the "="), and handle 2 and even numbers',
      }),
    ).toEqual([]);
  });

  test('says no to large squares and products of two primes', () => {
    const random = seededRandom();
    const primes = [...primesBelow(40_000)].filter((p) => p > 1_000);
    for (let i = 0; i < 20; i += 1) {
      const p = random.pick(primes);
      const q = random.pick(primes);
      expect(isPrime(p * q), `${p} × ${q} = ${p * q} is not prime`).toBe(false);
      expect(isPrime(p), `${p} is prime`).toBe(true);
    }
  });

  test.each(invalidNumbers)('throws a RangeError for %s', (n) => {
    expect(() => isPrime(n)).toThrow(RangeError);
  });
});

describe('sumPrimesBelow', () => {
  test('small limits: nothing below 2, then 2, 2 + 3, …', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 10].map((limit) => sumPrimesBelow(limit))).toEqual([
      0, 0, 0, 2, 5, 5, 10, 17,
    ]);
  });

  test('matches an independent sieve on random limits', () => {
    const random = seededRandom();
    for (let i = 0; i < 4; i += 1) {
      const limit = random.int(10_000, 300_000);
      expect(sumPrimesBelow(limit), `the sum of the primes below ${limit}`).toBe(primeSumOracle(limit));
    }
  });

  test.each(invalidNumbers)('throws a RangeError for a limit of %s', (limit) => {
    expect(() => sumPrimesBelow(limit)).toThrow(RangeError);
  });
});

describe('sumPrimesConcurrently', () => {
  test('gives the right sum however the work is cut', async () => {
    const random = seededRandom();
    for (let i = 0; i < 4; i += 1) {
      const limit = random.int(1_000, 200_000);
      const parts = random.int(1, 9);
      expect(await sumPrimesConcurrently(limit, parts), `limit ${limit} in ${parts} parts`).toBe(
        primeSumOracle(limit),
      );
    }
    expect(await sumPrimesConcurrently(10, 16), 'more parts than numbers').toBe(17);
  });

  test.each([0, -1, 1.5, Number.NaN])('rejects a part count of %s with a RangeError', async (parts) => {
    const error = await rejectionOf(() => sumPrimesConcurrently(1_000, parts));
    expect(error, `expected a RangeError, saw ${describeValue(error)}`).toBeInstanceOf(RangeError);
  });

  test('is no faster than sumPrimesBelow: async does not add a thread', async (context) => {
    // "No faster than one thread" is a claim every machine can check, so no
    // reference copies are needed; the sequential rule stops as soon as it is clear.
    const verdict = await judgeSpeedup({
      baseline: () => sumPrimesBelow(TIMED_LIMIT),
      candidate: () => sumPrimesConcurrently(TIMED_LIMIT, 4),
      bar: { atMost: NOT_FASTER },
      // A gain must show in the CPU clock too, so a one-thread run the machine kept waiting fails no one.
      cpuBound: true,
    });
    measured(
      context,
      `primes below ${TIMED_LIMIT.toLocaleString('en')} in 4 async parts: ${formatTimes(verdict.speedup)} the speed of one plain loop, on ${verdict.candidateCpuShare.toFixed(2)} threads' worth of CPU`,
      speedupFigures(verdict),
    );
    expectSpeedVerdict(context, verdict, {
      expected: `no speed-up (at most ${NOT_FASTER}×) from cutting CPU work into async parts`,
      saw: notFasterSaw(verdict),
      tryThis:
        verdict.candidateCpuShare > SPEED.moreThanOneThreadAbove
          ? 'more than one thread computed: do the parts on the main thread, with no worker; this chapter is about what async cannot do'
          : 'one thread did the work in less CPU time than sumPrimesBelow needs: test each number in each part by the same trial division as sumPrimesBelow; this chapter is about what async cannot do',
    });
  });

  test('starves a heartbeat timer while it runs', async (context) => {
    const heartbeat = startHeartbeat(5);
    await sumPrimesConcurrently(TIMED_LIMIT, 4);
    const report = heartbeat.stop();
    measured(
      context,
      `a 5 ms heartbeat during the async parts: its longest wait was ${formatMs(report.longestGapMs)} of ${formatMs(report.wallMs)} (${report.beats} beats)`,
      [
        { name: 'longestGap', value: report.longestGapMs, unit: 'ms' },
        { name: 'wall', value: report.wallMs, unit: 'ms' },
      ],
    );
    expect(
      report.longestGapMs,
      explain({
        expected: 'the event loop blocked for (nearly) the whole computation',
        saw: `the timer's longest wait was ${Math.round(report.longestGapMs)} of ${Math.round(report.wallMs)} ms (${report.beats} beats)`,
        tryThis: 'do not yield inside the parts: this is the version that shows the blocking',
      }),
    ).toBeGreaterThanOrEqual(0.8 * report.wallMs);
  });
});

describe('sumPrimesPolitely', () => {
  test('gives the right sum', async () => {
    const random = seededRandom();
    for (let i = 0; i < 3; i += 1) {
      const limit = random.int(1_000, 300_000);
      expect(await sumPrimesPolitely(limit), `the sum of the primes below ${limit}`).toBe(
        primeSumOracle(limit),
      );
    }
    expect(await sumPrimesPolitely(0)).toBe(0);
    expect(await sumPrimesPolitely(10, { sliceMs: 1 })).toBe(17);
  });

  test.each([-1, 2.5])('rejects a limit of %s with a RangeError', async (limit) => {
    const error = await rejectionOf(() => sumPrimesPolitely(limit));
    expect(error, `expected a RangeError, saw ${describeValue(error)}`).toBeInstanceOf(RangeError);
  });

  test.for([10, 25])(
    'keeps a heartbeat ticking: no gap much longer than sliceMs = %i',
    async (sliceMs, context) => {
      const margin = 40;
      const watchOnce = async (): Promise<{ report: HeartbeatReport; foreignCores: number }> => {
        const load = watchLoad();
        const heartbeat = startHeartbeat(5);
        const sum = await sumPrimesPolitely(TIMED_LIMIT, { sliceMs });
        const report = heartbeat.stop();
        const { foreignCores } = load.stop();
        expect(sum, `the sum of the primes below ${TIMED_LIMIT}`).toBe(primeSumOracle(TIMED_LIMIT));
        return { report, foreignCores };
      };
      // A gap can also come from the machine, not the code: another process
      // holding both cores. Then measure again, and give no verdict if it stays busy.
      let run = await watchOnce();
      for (let attempt = 2; attempt <= 3; attempt += 1) {
        const settled =
          run.report.longestGapMs <= sliceMs + margin || !machineBusy(run.foreignCores, 'comparison');
        if (settled) break;
        run = await watchOnce();
      }
      const { report, foreignCores } = run;
      measured(
        context,
        `politely, with sliceMs ${sliceMs}: the heartbeat's longest wait was ${formatMs(report.longestGapMs)} (${report.beats} beats in ${formatMs(report.wallMs)})`,
        [
          { name: 'longestGap', value: report.longestGapMs, unit: 'ms', bar: sliceMs + margin, x: sliceMs },
          { name: 'wall', value: report.wallMs, unit: 'ms', x: sliceMs },
        ],
      );
      if (report.longestGapMs > sliceMs + margin && machineBusy(foreignCores, 'comparison')) {
        inconclusive(context, `machine busy (other processes used ${foreignCores.toFixed(2)} cores)`);
      }
      // Under a CPU quota the kernel stops the whole process for part of
      // every period: a gap that is long by no more than the time it was
      // held stopped is the quota's as likely as the code's. (The stops are
      // those of the whole heartbeat: the kernel's count can reach cpu.stat
      // a beat late, so one gap's own share can read as none; seen on Node 24
      // at half a CPU, a 75 ms gap with 201 ms stopped around it.)
      expectBoundUnderQuota(context, {
        measuredMs: report.longestGapMs,
        boundMs: sliceMs + margin,
        stoppedMs: report.stoppedMs,
        expected: `no gap between heartbeats longer than ${sliceMs + margin} ms (sliceMs ${sliceMs} + ${margin} ms margin)`,
        saw: `a gap of ${Math.round(report.longestGapMs)} ms (${report.beats} beats in ${Math.round(report.wallMs)} ms)`,
        tryThis:
          'yield with setImmediate (or setTimeout 0) once sliceMs has passed; `await Promise.resolve()` never lets a timer run',
      });
    },
  );

  test('sliceMs sets how long a slice keeps the thread, and every slice runs on the main thread', async (context) => {
    /** One polite sum, with a 1 ms heartbeat and the main thread's own CPU time beside the whole process's. */
    const watch = async (sliceMs: number) => {
      const work = await mainThreadWorkDuring(() => sumPrimesPolitely(TIMED_LIMIT, { sliceMs }), 1);
      expect(work.value, `the sum of the primes below ${TIMED_LIMIT} with sliceMs ${sliceMs}`).toBe(
        primeSumOracle(TIMED_LIMIT),
      );
      return { sliceMs, ...work, meanGapMs: work.wallMs / Math.max(1, work.beats) };
    };
    const short = await watch(SHORT_SLICE);
    const long = await watch(LONG_SLICE);
    const describeWatch = (run: Awaited<ReturnType<typeof watch>>) =>
      `sliceMs ${run.sliceMs}: ${run.beats} beats in ${Math.round(run.wallMs)} ms (one every ${run.meanGapMs.toFixed(1)} ms), ` +
      `the main thread ${run.mainCpuMs === undefined ? 'not measurable here' : `${Math.round(run.mainCpuMs)} ms`} of ${Math.round(run.processCpuMs)} ms CPU`;
    measured(
      context,
      `a 1 ms heartbeat beat once every ${formatMs(short.meanGapMs)} with sliceMs ${SHORT_SLICE}, and once every ${formatMs(long.meanGapMs)} with sliceMs ${LONG_SLICE}`,
      [
        { name: 'meanGap', value: short.meanGapMs, unit: 'ms', x: SHORT_SLICE },
        { name: 'meanGap', value: long.meanGapMs, unit: 'ms', x: LONG_SLICE },
      ],
    );
    for (const run of [short, long]) {
      if (run.mainCpuMs === undefined) continue;
      expect(
        run.mainCpuMs,
        explain({
          expected: `the polite sum computed on the main thread, in slices: at least ${Math.round(MAIN_SHARE * 100)} % of the process's CPU time on that thread`,
          saw: describeWatch(run),
          tryThis:
            'sum each slice right there in sumPrimesPolitely: no worker, no other thread; this chapter is about sharing one thread',
        }),
      ).toBeGreaterThanOrEqual(MAIN_SHARE * run.processCpuMs);
    }
    expect(
      long.meanGapMs,
      explain({
        expected: `sliceMs to set how long each slice keeps the thread: with ${LONG_SLICE} ms slices, the heartbeat waits at least ${SLICE_EFFECT} times as long between beats as with ${SHORT_SLICE} ms slices`,
        saw: `${describeWatch(short)}; ${describeWatch(long)}`,
        tryThis:
          'compare the time since the slice began with options.sliceMs itself, and yield once it has passed, not sooner',
      }),
    ).toBeGreaterThanOrEqual(SLICE_EFFECT * short.meanGapMs);
  });

  test('is no faster than sumPrimesBelow either', async (context) => {
    const verdict = await judgeSpeedup({
      baseline: () => sumPrimesBelow(TIMED_LIMIT),
      candidate: () => sumPrimesPolitely(TIMED_LIMIT),
      bar: { atMost: NOT_FASTER },
      cpuBound: true,
    });
    measured(
      context,
      `primes below ${TIMED_LIMIT.toLocaleString('en')}, politely: ${formatTimes(verdict.speedup)} the speed of one plain loop`,
      speedupFigures(verdict),
    );
    expectSpeedVerdict(context, verdict, {
      expected: `no speed-up (at most ${NOT_FASTER}×): politeness shares the thread, it does not add one`,
      saw: notFasterSaw(verdict),
      tryThis: 'sum each slice with the same trial division as sumPrimesBelow, on the main thread',
    });
  });
});
