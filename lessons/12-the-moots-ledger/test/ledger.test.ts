import { getEventListeners } from 'node:events';
import {
  describeValue,
  expectWithin,
  explain,
  formatMs,
  formatTimes,
  inconclusive,
  measured,
  median,
  now,
  primeSumOracle,
  rejectionOf,
  seededRandom,
  settleWithin,
  summariseTinypool,
  threadCpuMs,
  tinypoolLog,
  useScrollServer,
  watchLoad,
  type PageSpec,
  type RequestMeter,
  type Scroll,
  machineBusy,
  LESSON_BARS,
  WORK_AUDIT,
} from '@spellbook/test-kit';
import { tsWorker } from '@spellbook/ts-worker';
import type * as TinypoolModule from 'tinypool';
import { afterEach, describe, expect, test, vi, type TestContext } from 'vitest';
import { openLedger, type Ledger, type LedgerOptions, type Tally } from '../src/ledger.ts';

const { lay } = useScrollServer();

/** Every ledger a test opened; closed after it, so no test leaves threads for the next. */
const opened: Ledger[] = [];

function open(options: LedgerOptions): Ledger {
  const ledger = openLedger(options);
  opened.push(ledger);
  return ledger;
}

afterEach(async () => {
  const closing = opened.splice(0).map((ledger) => ledger.close());
  await settleWithin(Promise.all(closing), 20_000, 'close() of a ledger left open by the test');
});

/** A scroll whose pages hold these numbers, each with its own latency. */
function numberScroll(numbers: readonly number[], latencyMs: (index: number) => number): Scroll {
  return lay(numbers.map((n, index): PageSpec => ({ latencyMs: latencyMs(index), body: String(n) })));
}

/** What a correct ledger yields for `scroll`, by URL. */
function expectedTallies(scroll: Scroll): Map<string, number> {
  return new Map(scroll.urls.map((url, index) => [url, primeSumOracle(Number(scroll.bodies[index]))]));
}

interface Reading {
  readonly tallies: Tally[];
  /** When each tally was yielded, in ms after the call. */
  readonly atMs: number[];
}

/** Reads a call to its end, noting when each tally arrived; fails clearly if it never ends. */
async function readAll(iterable: AsyncIterable<Tally>, limitMs = 30_000): Promise<Reading> {
  const tallies: Tally[] = [];
  const atMs: number[] = [];
  const started = now();
  const reading = (async () => {
    for await (const tally of iterable) {
      tallies.push(tally);
      atMs.push(now() - started);
    }
  })();
  const settled = await settleWithin(reading, limitMs, 'the call to tallyScroll never finished');
  if ('error' in settled) throw settled.error;
  return { tallies, atMs };
}

/** Fails unless `tallies` holds every page of `scroll` exactly once, each with its right sum. */
function expectEveryPageOnce(tallies: readonly Tally[], scroll: Scroll): void {
  const expected = expectedTallies(scroll);
  const seen = new Map<string, number>();
  for (const { url } of tallies) seen.set(url, (seen.get(url) ?? 0) + 1);
  const twice = [...seen].filter(([, times]) => times > 1).map(([url]) => url);
  const missing = scroll.urls.filter((url) => !seen.has(url));
  expect(
    { missing, twice, strangers: tallies.filter(({ url }) => !expected.has(url)).length },
    explain({
      expected: `each of the ${scroll.urls.length} pages exactly once`,
      saw: `${tallies.length} tallies: ${missing.length} page(s) missing, ${twice.length} twice`,
      tryThis: 'one task per page, and yield each result once, as it arrives',
    }),
  ).toEqual({ missing: [], twice: [], strangers: 0 });
  for (const { url, sum } of tallies) {
    expect(
      sum,
      `the tally of ${url} (the sum of the primes below ${scroll.bodies[scroll.urls.indexOf(url)]})`,
    ).toBe(expected.get(url));
  }
}

/**
 * The most pages that were ever "out" at once: fetched (or being fetched)
 * and not yet tallied. Read from the server's visits and the pool's finished
 * tasks: at each request's arrival, the requests so far minus the tasks
 * already finished.
 */
function mostPagesOut(meters: readonly RequestMeter[]): number {
  const starts = meters
    .flatMap((meter) => {
      const origin = performance.now() - meter.now();
      return meter.visits.map((visit) => origin + visit.startMs);
    })
    .sort((a, b) => a - b);
  const ends = tinypoolLog
    .flatMap((pool) => pool.taskRecords.map((task) => task.endedAt))
    .sort((a, b) => a - b);
  let worst = 0;
  let ended = 0;
  starts.forEach((start, index) => {
    while (ended < ends.length && (ends[ended] ?? Infinity) < start) ended += 1;
    worst = Math.max(worst, index + 1 - ended);
  });
  return worst;
}

/** The chapter's words for an abort that did not end the iteration with an AbortError. */
const ABORT_ERROR = {
  what: 'the iteration to throw',
  tryThis: "throw new DOMException('…', 'AbortError') from the generator as soon as the signal aborts",
} as const;

/**
 * A call on a slow road after `what`: it must have every one of the ledger's
 * `places` on the road at once, so none was kept by the call before.
 */
async function expectFullWidth(
  ledger: Ledger,
  places: number,
  random: ReturnType<typeof seededRandom>,
  context: TestContext,
  what: string,
): Promise<void> {
  const scroll = numberScroll(
    Array.from({ length: 3 * places }, () => random.int(0, 10_000)),
    () => 80,
  );
  expectEveryPageOnce((await readAll(ledger.tallyScroll(scroll.urls))).tallies, scroll);
  const peak = scroll.meter.peakInFlight;
  measured(context, `${what}, the next call had ${peak} of ${places} places on the road at once`, [
    { name: 'peakOnTheRoad', value: peak, unit: 'pages', bar: places },
  ]);
  expect(
    peak,
    explain({
      expected: `${what}, the next call on the same ledger to have all ${places} places on the road at once`,
      saw: `at most ${peak}: the earlier call kept ${places - peak} place(s)`,
      tryThis:
        'give back every place a call holds when it ends: the pages on the road, and the tallies nobody will read',
    }),
  ).toBe(places);
}

/**
 * Waits `quietMs`, then fails unless the road was asked for no page since
 * `askedFor` pages had been: the call is over, and so is its fetching.
 */
async function expectNoMorePages(
  scroll: Scroll,
  askedFor: number,
  quietMs: number,
  after: string,
  tryThis: string,
): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, quietMs));
  expect(
    scroll.meter.visits.length,
    explain({
      expected: `no page fetched after ${after} (${askedFor} had been asked for)`,
      saw: `${scroll.meter.visits.length} asked for ${quietMs} ms later`,
      tryThis,
    }),
  ).toBe(askedFor);
}

/** The tasks the pools have finished so far, over every pool of the test. */
function tasksFinished(): number {
  return tinypoolLog.reduce((count, pool) => count + pool.taskRecords.length, 0);
}

/** The threads the pools have started, and which of them have exited. */
function threadsSeen(): { ids: number[]; exited: number[] } {
  const threads = tinypoolLog.flatMap((pool) => [...pool.threads.values()]);
  return {
    ids: threads.map((thread) => thread.threadId),
    exited: threads.filter((thread) => thread.exited).map((thread) => thread.threadId),
  };
}

describe('openLedger: tallying scrolls', () => {
  test('tallies every page of random scrolls exactly once, with the right sums', async () => {
    const random = seededRandom();
    const ledger = open({ copies: 2, maxWaiting: random.int(0, 2) });
    const numbers = [0, 1, 2, 3, ...Array.from({ length: 10 }, () => random.int(4, 300_000))];
    const scroll = numberScroll(random.shuffle(numbers), () => random.int(2, 25));
    const { tallies } = await readAll(ledger.tallyScroll(scroll.urls));
    expectEveryPageOnce(tallies, scroll);
    expect((await readAll(ledger.tallyScroll([]))).tallies, 'the tallies of an empty scroll').toEqual([]);
  });

  test('the pages are tallied on the threads of one Tinypool, several at once', async () => {
    const random = seededRandom();
    const ledger = open({ copies: 2, maxWaiting: 2 });
    const scroll = numberScroll(
      Array.from({ length: 8 }, () => random.int(1_200_000, 1_600_000)),
      () => 5,
    );
    const { tallies } = await readAll(ledger.tallyScroll(scroll.urls));
    expectEveryPageOnce(tallies, scroll);
    const seen = summariseTinypool();
    expect(
      seen.pools,
      explain({
        expected: 'exactly one Tinypool, made by openLedger',
        saw: seen.text,
        tryThis:
          'new Tinypool({ filename: tsWorker(new URL("./tally-worker.ts", import.meta.url)), … }) in openLedger',
      }),
    ).toBe(1);
    expect(
      seen.sharingThreads,
      explain({
        expected:
          "2 of the pool's threads each to have tallied a real part of the scroll (timed inside each thread)",
        saw: seen.text,
        tryThis: 'hand each page to pool.run as soon as it is fetched, without waiting for the one before',
      }),
    ).toBeGreaterThanOrEqual(2);
  });

  test('every page is tallied by exactly one task on the pool, none on the main thread', async () => {
    const random = seededRandom();
    const ledger = open({ copies: 2, maxWaiting: 1 });
    // Small pages and large ones: a page is a task however small it is.
    const scroll = numberScroll(
      Array.from({ length: 10 }, (_, index) =>
        index % 2 === 0 ? random.int(0, 50_000) : random.int(2_000_000, 2_500_000),
      ),
      () => random.int(1, 4),
    );
    const mainBefore = threadCpuMs();
    const { tallies } = await readAll(ledger.tallyScroll(scroll.urls));
    const mainAfter = threadCpuMs();
    expectEveryPageOnce(tallies, scroll);
    const tasks = tinypoolLog.flatMap((pool) => pool.taskRecords);
    const expected = [...expectedTallies(scroll).values()].sort((a, b) => a - b);
    const fromTasks = tasks.map((task) => Number(task.result)).sort((a, b) => a - b);
    expect(
      fromTasks,
      explain({
        expected: `one pool task per page, each returning that page's tally: ${scroll.urls.length} tasks`,
        saw: `${tasks.length} task(s), returning ${describeValue(fromTasks)}`,
        tryThis: 'hand every page to pool.run, small or large; never tally a page on the main thread',
      }),
    ).toEqual(expected);
    // Where a thread's CPU time can be read: the main thread fetched and handed out, and no more.
    if (mainBefore !== undefined && mainAfter !== undefined) {
      const workCpuMs = tasks.reduce((sum, task) => sum + task.cpuMs, 0);
      expect(
        mainAfter - mainBefore,
        explain({
          expected: `the main thread to spend little CPU while the pool tallies: at most ${WORK_AUDIT.mainThreadShareMax} × the tasks' ${Math.round(workCpuMs)} ms`,
          saw: `${Math.round(mainAfter - mainBefore)} ms on the main thread`,
          tryThis:
            'leave the tallying to the pool: the main thread only fetches pages and hands out their numbers',
        }),
      ).toBeLessThanOrEqual(WORK_AUDIT.mainThreadShareMax * workCpuMs);
    }
  });

  test.each([1, 3])('copies: %i gives a pool of that many threads, each of them tallying', async (copies) => {
    const random = seededRandom();
    const ledger = open({ copies, maxWaiting: 1 });
    // Heavy enough pages that every thread gets some.
    const scroll = numberScroll(
      Array.from({ length: 4 * copies }, () => random.int(600_000, 900_000)),
      () => 2,
    );
    expectEveryPageOnce((await readAll(ledger.tallyScroll(scroll.urls))).tallies, scroll);
    const pools = tinypoolLog.map((pool) => pool.maxThreads);
    const working = new Set(tinypoolLog.flatMap((pool) => pool.taskRecords.map((task) => task.threadId)))
      .size;
    expect(
      { pools, working },
      explain({
        expected: `one Tinypool of ${copies} thread(s) (copies: ${copies}), each of them tallying`,
        saw: `pools with maxThreads ${describeValue(pools)}; ${working} thread(s) tallied`,
        tryThis: 'give Tinypool minThreads and maxThreads of exactly `copies`, whatever the machine has',
      }),
    ).toEqual({ pools: [copies], working: copies });
  });

  test("yields each page as soon as it is tallied, not in the scroll's order", async (context) => {
    const random = seededRandom();
    const ledger = open({ copies: 2, maxWaiting: 2 });
    // The first page is a long tally; the others are quick.
    const numbers = [
      random.int(5_000_000, 6_000_000),
      ...Array.from({ length: 6 }, () => random.int(1_000, 50_000)),
    ];
    const scroll = numberScroll(numbers, () => 10);
    const { tallies, atMs } = await readAll(ledger.tallyScroll(scroll.urls));
    expectEveryPageOnce(tallies, scroll);
    const big = scroll.urls[0];
    const bigAt = atMs[tallies.findIndex(({ url }) => url === big)] ?? Number.NaN;
    const firstAt = atMs[0] ?? Number.NaN;
    measured(
      context,
      `the first tally came ${formatMs(firstAt)} after the call; the long one, first on the scroll, after ${formatMs(bigAt)}`,
      [
        { name: 'firstResultMs', value: firstAt, unit: 'ms' },
        { name: 'longestResultMs', value: bigAt, unit: 'ms' },
      ],
    );
    expect(
      tallies[0]?.url !== big && firstAt < bigAt / 2,
      explain({
        expected: `the quick pages to be yielded while the long first page was still being tallied`,
        saw: `first yielded: ${tallies[0]?.url === big ? 'the long page' : 'a quick page'} after ${Math.round(firstAt)} ms; the long page after ${Math.round(bigAt)} ms`,
        tryThis:
          'yield each result when its task finishes (an inbox the pages put into), not by awaiting the pages in order',
      }),
    ).toBe(true);
  });

  test('never more than maxWaiting tasks wait in the pool, and no page is fetched while it is full', async (context) => {
    const random = seededRandom();
    const copies = 2;
    const maxWaiting = random.int(0, 3);
    const ledger = open({ copies, maxWaiting });
    // A quick road and slow tallies: without backpressure, pages pile up.
    const scroll = numberScroll(
      Array.from({ length: 24 }, () => random.int(250_000, 450_000)),
      () => random.int(1, 3),
    );
    const { tallies } = await readAll(ledger.tallyScroll(scroll.urls));
    expectEveryPageOnce(tallies, scroll);
    const { peakQueued } = summariseTinypool();
    const out = mostPagesOut([scroll.meter]);
    measured(
      context,
      `with ${copies} copies and room for ${maxWaiting} waiting: at most ${peakQueued} task(s) waited in the pool, and ${out} page(s) were out at once`,
      [
        { name: 'peakWaiting', value: peakQueued, unit: 'tasks', bar: maxWaiting },
        { name: 'pagesOut', value: out, unit: 'pages', bar: copies + maxWaiting },
      ],
    );
    expect(
      peakQueued,
      explain({
        expected: `at most ${maxWaiting} task(s) waiting in the pool for a thread (maxWaiting)`,
        saw: `${peakQueued} waiting at once`,
        tryThis: `take one of copies + maxWaiting = ${copies + maxWaiting} places before fetching a page, give it back when the caller takes its tally`,
      }),
    ).toBeLessThanOrEqual(maxWaiting);
    expect(
      out,
      explain({
        expected: `at most copies + maxWaiting = ${copies + maxWaiting} pages fetched or on the road and not yet tallied`,
        saw: `${out} at one moment: pages were fetched while the pool was full`,
        tryThis: 'wait for a free place before you fetch, not after',
      }),
    ).toBeLessThanOrEqual(copies + maxWaiting);
  });

  test('keeps copies + maxWaiting pages on the road at once when the road is slow', async (context) => {
    const random = seededRandom();
    const copies = 2;
    const maxWaiting = random.int(1, 3);
    const ledger = open({ copies, maxWaiting });
    const scroll = numberScroll(
      Array.from({ length: 12 }, () => random.int(0, 10_000)),
      () => 80,
    );
    const { tallies } = await readAll(ledger.tallyScroll(scroll.urls));
    expectEveryPageOnce(tallies, scroll);
    const peak = scroll.meter.peakInFlight;
    measured(context, `${peak} of 12 pages were on the road at once (room for ${copies + maxWaiting})`, [
      { name: 'peakOnTheRoad', value: peak, unit: 'pages', bar: copies + maxWaiting },
    ]);
    expect(
      peak,
      explain({
        expected: `${copies + maxWaiting} pages on the road at once (copies + maxWaiting), so a copy that finishes finds its next page ready`,
        saw: `at most ${peak} at once`,
        tryThis: 'start a fetch for every page that has a place, not one page at a time',
      }),
    ).toBe(copies + maxWaiting);
  });

  test('a slow reader holds the road back: pages fetched and not yet read never pass copies + maxWaiting', async (context) => {
    const random = seededRandom();
    const copies = 2;
    const maxWaiting = random.int(0, 2);
    const places = copies + maxWaiting;
    const ledger = open({ copies, maxWaiting });
    // A quick road and quick tallies: only the reader is slow, as one that
    // writes each tally somewhere before it asks for the next.
    const pauseMs = 25;
    const scroll = numberScroll(
      Array.from({ length: 16 }, () => random.int(0, 20_000)),
      () => 2,
    );
    const tallies: Tally[] = [];
    let mostHeld = 0;
    // What the program holds for this reader: pages asked of the road and not yet in the reader's hands.
    const noteHeld = () => {
      mostHeld = Math.max(mostHeld, scroll.meter.visits.length - tallies.length);
    };
    const reading = (async () => {
      for await (const tally of ledger.tallyScroll(scroll.urls)) {
        tallies.push(tally);
        noteHeld();
        await new Promise((resolve) => setTimeout(resolve, pauseMs));
        noteHeld();
      }
    })();
    const settled = await settleWithin(reading, 30_000, 'the call to tallyScroll never finished');
    if ('error' in settled) throw settled.error;
    expectEveryPageOnce(tallies, scroll);
    measured(
      context,
      `a reader taking ${pauseMs} ms per tally: at most ${mostHeld} page(s) fetched and not yet read (room for ${places})`,
      [{ name: 'mostHeld', value: mostHeld, unit: 'pages', bar: places }],
    );
    expect(
      mostHeld,
      explain({
        expected: `at most copies + maxWaiting = ${places} pages fetched and not yet taken by a reader that pauses ${pauseMs} ms after each tally`,
        saw: `${mostHeld} at one moment: finished tallies piled up while the road kept fetching`,
        tryThis:
          "keep a page's place until the caller has taken its tally (give it back as you yield it), not until its tally is done",
      }),
    ).toBeLessThanOrEqual(places);
  });

  test('two calls at once share the places: still never more than maxWaiting tasks waiting', async () => {
    const random = seededRandom();
    const copies = 2;
    const maxWaiting = random.int(1, 2);
    const ledger = open({ copies, maxWaiting });
    const scrolls = [0, 1].map(() =>
      numberScroll(
        Array.from({ length: 10 }, () => random.int(250_000, 450_000)),
        () => random.int(1, 3),
      ),
    );
    const readings = await Promise.all(scrolls.map((scroll) => readAll(ledger.tallyScroll(scroll.urls))));
    readings.forEach((reading, index) => expectEveryPageOnce(reading.tallies, scrolls[index] as Scroll));
    const { peakQueued } = summariseTinypool();
    const out = mostPagesOut(scrolls.map((scroll) => scroll.meter));
    expect(
      peakQueued <= maxWaiting && out <= copies + maxWaiting,
      explain({
        expected: `across both calls, at most ${maxWaiting} task(s) waiting and ${copies + maxWaiting} pages out: the places belong to the ledger, not to one call`,
        saw: `${peakQueued} waiting, ${out} out at once`,
        tryThis: 'make the count of places once, in openLedger, and let every call take from it',
      }),
    ).toBe(true);
  });

  test.each([
    ['a page that is not found', { fault: { kind: 'not-found' } } as const],
    ['a page whose body is not a number', { body: 'a great many sheaves' }],
    ['a page past 100 000 000', { body: '100000001' }],
    ['a page whose number is followed by words', { body: '12 sheaves' }],
    ['a page whose number comes after words', { body: 'sheaves: 12' }],
    ['a page on a washed-out road', { fault: { kind: 'unreachable' } } as const],
  ])(
    '%s makes the iteration throw an Error naming its URL, stops the call, and the ledger stays usable',
    async (_label, bad) => {
      const random = seededRandom();
      const ledger = open({ copies: 2, maxWaiting: 1 });
      // Warm threads first: on a cold pool the pages after the bad one could
      // wait for a thread to start, and a call that goes on fetching would
      // not show it within the quiet time below.
      const warmUp = numberScroll([random.int(0, 5_000), random.int(0, 5_000)], () => 2);
      await readAll(ledger.tallyScroll(warmUp.urls));
      const specs: PageSpec[] = Array.from({ length: 12 }, () => ({
        latencyMs: 5,
        body: String(random.int(0, 20_000)),
      }));
      // Early in the scroll, so that pages are left to fetch after it.
      const badIndex = random.int(0, 3);
      specs[badIndex] = { latencyMs: 5, body: '7', ...bad };
      const scroll = lay(specs);
      const badUrl = scroll.urls[badIndex] ?? '';
      const error = await rejectionOf(() => readAll(ledger.tallyScroll(scroll.urls)));
      const fetchedAtTheError = scroll.meter.visits.length;
      expect(
        error instanceof Error && error.message.includes(badUrl),
        explain({
          expected: `an Error whose message names ${badUrl}`,
          saw: describeValue(error),
          tryThis:
            'check response.ok and the body (a whole number from 0 to 100 000 000) and throw new Error(`${url} …`)',
        }),
      ).toBe(true);
      await expectNoMorePages(
        scroll,
        fetchedAtTheError,
        150,
        'the bad one made the call throw',
        'when a page fails, call the rest of that call off: stop taking places, abandon its fetches',
      );
      const next = numberScroll([random.int(0, 20_000), random.int(0, 20_000)], () => 5);
      expectEveryPageOnce((await readAll(ledger.tallyScroll(next.urls))).tallies, next);
    },
  );

  test('a number with white space around it, such as a closing newline, is still that number', async () => {
    const random = seededRandom();
    const ledger = open({ copies: 2, maxWaiting: 1 });
    const numbers = [random.int(0, 20_000), random.int(0, 20_000), random.int(0, 20_000)];
    const scroll = lay([
      { latencyMs: 5, body: `${numbers[0]}\n` },
      { latencyMs: 5, body: ` ${numbers[1]}` },
      { latencyMs: 5, body: `\t${numbers[2]} \r\n` },
    ]);
    const { tallies } = await readAll(ledger.tallyScroll(scroll.urls));
    expect(
      new Map(tallies.map(({ url, sum }) => [url, sum])),
      explain({
        expected: 'each page tallied as the number it holds, with the white space around it ignored',
        saw: `${tallies.length} tallies`,
        tryThis: "trim the body before you read it: '12\\n' is 12, '12 sheaves' is not a number",
      }),
    ).toEqual(new Map(scroll.urls.map((url, index) => [url, primeSumOracle(numbers[index] ?? 0)])));
  });

  test('a bad page met while the reader is busy with a tally still makes the iteration throw its error, and ends the call', async (context) => {
    const random = seededRandom();
    const ledger = open({ copies: 2, maxWaiting: 2 });
    // Warm threads first, so the first tally comes back well before the bad page fails.
    const warmUp = numberScroll([random.int(0, 5_000), random.int(0, 5_000)], () => 2);
    await readAll(ledger.tallyScroll(warmUp.urls));
    const specs: PageSpec[] = Array.from({ length: 10 }, () => ({
      latencyMs: 2,
      body: String(random.int(0, 5_000)),
    }));
    // Among the first pages set off, and slower on the road than the rest: it
    // fails while the reader is away with the first tally, with a tally done
    // and waiting, and with a page still on a long road (whose fetch, called
    // off, fails too, and must not take the bad page's place as the error).
    const badIndex = 3;
    specs[badIndex] = { latencyMs: 30, body: 'the rain took it' };
    specs[1] = { latencyMs: 2_000, body: '10' };
    const scroll = lay(specs);
    const badUrl = scroll.urls[badIndex] ?? '';
    const read: string[] = [];
    const error = await rejectionOf(async () => {
      for await (const tally of ledger.tallyScroll(scroll.urls)) {
        read.push(tally.url);
        // A reader busy with each tally, as one that writes it somewhere.
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    });
    const askedForAtTheError = scroll.meter.visits.length;
    expect(
      error instanceof Error && error.message.includes(badUrl),
      explain({
        expected: `the iteration to throw an Error naming ${badUrl}, which failed while the reader was away`,
        saw: `${describeValue(error)}, after ${read.length} tallies`,
        tryThis:
          'keep the first failure for the reader to meet when it comes back; a fetch you called off because of it fails too, and must not take its place',
      }),
    ).toBe(true);
    await expectNoMorePages(
      scroll,
      askedForAtTheError,
      150,
      'the bad page made the call throw',
      'when a page fails, call the rest of that call off: stop taking places, abandon its fetches',
    );
    await expectFullWidth(ledger, 4, random, context, 'after a bad page met by a busy reader');
  });

  test.each([
    ['no copies', { copies: 0, maxWaiting: 1 }, /\bcop(?:y|ies)\b/i],
    ['a fractional number of copies', { copies: 1.5, maxWaiting: 1 }, /\bcop(?:y|ies)\b/i],
    ['copies that are not a number', { copies: Number.NaN, maxWaiting: 1 }, /\bcop(?:y|ies)\b/i],
    ['a negative maxWaiting', { copies: 2, maxWaiting: -1 }, /maxWaiting/i],
    ['a fractional maxWaiting', { copies: 2, maxWaiting: 0.5 }, /maxWaiting/i],
    ['an infinite maxWaiting', { copies: 2, maxWaiting: Number.POSITIVE_INFINITY }, /maxWaiting/i],
    ['a maxWaiting that is not a number', { copies: 2, maxWaiting: Number.NaN }, /maxWaiting/i],
  ])('openLedger rejects %s with a RangeError', async (_label, options, names) => {
    const error = await rejectionOf(() => open(options));
    expect(error, `expected a RangeError, saw ${describeValue(error)}`).toBeInstanceOf(RangeError);
    expect(
      error instanceof Error ? error.message : '',
      `the message should name what was wrong (${String(names)}), saw ${describeValue(error)}`,
    ).toMatch(names);
  });
});

describe('openLedger: one pool for the whole Moot', () => {
  test('the same threads tally call after call: one pool, made once', async () => {
    const random = seededRandom();
    const copies = 2;
    const ledger = open({ copies, maxWaiting: 1 });
    for (let call = 1; call <= 3; call += 1) {
      const scroll = numberScroll(
        Array.from({ length: 4 }, () => random.int(200_000, 400_000)),
        () => 5,
      );
      expectEveryPageOnce((await readAll(ledger.tallyScroll(scroll.urls))).tallies, scroll);
    }
    const seen = summariseTinypool();
    const { ids, exited } = threadsSeen();
    expect(
      { pools: seen.pools, threads: ids.length, exited: exited.length },
      explain({
        expected: `one Tinypool for all three calls, with its ${copies} threads alive throughout`,
        saw: `${seen.text}; ${exited.length} thread(s) exited`,
        tryThis: 'make the pool in openLedger and destroy it only in close(): never a pool per call',
      }),
    ).toEqual({ pools: 1, threads: copies, exited: 0 });
  });

  test('the threads stay through an idle pause: the next call runs on them and starts none', async () => {
    const random = seededRandom();
    const copies = 2;
    const ledger = open({ copies, maxWaiting: 1 });
    const call = async () => {
      const scroll = numberScroll(
        Array.from({ length: 4 }, () => random.int(200_000, 400_000)),
        () => 5,
      );
      expectEveryPageOnce((await readAll(ledger.tallyScroll(scroll.urls))).tallies, scroll);
    };
    await call();
    const before = threadsSeen().ids;
    // Longer than a second: a pool that lets idle threads go would have let them go by now.
    await new Promise((resolve) => setTimeout(resolve, 1_300));
    await call();
    const { ids, exited } = threadsSeen();
    const minThreads = tinypoolLog.map((pool) => pool.minThreads);
    expect(
      { minThreads, threads: ids.length, exited: exited.length, sameAsBefore: before.length === copies },
      explain({
        expected: `the pool to keep its ${copies} threads through 1.3 s with nothing to do (minThreads ${copies}), and the next call to run on them`,
        saw: `minThreads ${describeValue(minThreads)}; ${ids.length} thread(s) started in all, ${exited.length} exited`,
        tryThis: 'set minThreads to copies, so that Tinypool never lets an idle thread go',
      }),
    ).toEqual({ minThreads: [copies], threads: copies, exited: 0, sameAsBefore: true });
  });

  test('many small calls are faster on the ledger than on a cold pool per call', async (context) => {
    const random = seededRandom();
    const copies = 2;
    const calls = 8;
    const { Tinypool: RealTinypool } = await vi.importActual<typeof TinypoolModule>('tinypool');
    const worker = tsWorker(new URL('../src/tally-worker.ts', import.meta.url));
    const scrolls = () =>
      Array.from({ length: calls }, () =>
        numberScroll(
          Array.from({ length: 3 }, () => random.int(1_000, 20_000)),
          () => 2,
        ),
      );

    /** The same calls, each on a pool of its own, started and destroyed around it. */
    async function coldPoolPerCall(batch: readonly Scroll[]): Promise<void> {
      for (const scroll of batch) {
        const pool = new RealTinypool({ filename: worker, minThreads: copies, maxThreads: copies });
        try {
          await Promise.all(
            scroll.urls.map(
              async (url) => pool.run(Number(await (await fetch(url)).text())) as Promise<number>,
            ),
          );
        } finally {
          await pool.destroy();
        }
      }
    }
    async function onTheLedger(batch: readonly Scroll[]): Promise<void> {
      const ledger = open({ copies, maxWaiting: 1 });
      for (const scroll of batch) {
        expectEveryPageOnce((await readAll(ledger.tallyScroll(scroll.urls))).tallies, scroll);
      }
      await ledger.close();
    }

    // Warm-up (module loading on both sides), then interleaved rounds.
    await coldPoolPerCall(scrolls().slice(0, 1));
    await onTheLedger(scrolls().slice(0, 1));
    const watch = watchLoad();
    const ratios: number[] = [];
    let coldMs = 0;
    let ledgerMs = 0;
    for (let round = 0; round < 3; round += 1) {
      let started = now();
      await coldPoolPerCall(scrolls());
      const cold = now() - started;
      started = now();
      await onTheLedger(scrolls());
      const warm = now() - started;
      coldMs += cold / 3;
      ledgerMs += warm / 3;
      ratios.push(cold / warm);
    }
    const { foreignCores } = watch.stop();
    const ratio = median(ratios);
    measured(
      context,
      `${calls} small calls: ${formatMs(ledgerMs)} on one ledger, ${formatMs(coldMs)} with a cold pool per call (${formatTimes(ratio)} as fast)`,
      [
        { name: 'speedup', value: ratio, unit: '×', bar: LESSON_BARS.ledgerOverColdPool },
        { name: 'ledgerMs', value: ledgerMs, unit: 'ms' },
        { name: 'coldPoolMs', value: coldMs, unit: 'ms' },
      ],
    );
    if (ratio < LESSON_BARS.ledgerOverColdPool && machineBusy(foreignCores, 'deadline')) {
      inconclusive(
        context,
        `${formatTimes(ratio)} while other processes used ${foreignCores.toFixed(2)} cores`,
      );
    }
    expect(
      ratio,
      explain({
        expected: `${calls} small calls on one ledger (opened and closed once) at least ${LESSON_BARS.ledgerOverColdPool}× as fast as with a pool started and destroyed for each call`,
        saw: `${formatTimes(ratio)} (ledger ${Math.round(ledgerMs)} ms, cold pools ${Math.round(coldMs)} ms)`,
        tryThis:
          'keep the pool for the life of the ledger: starting threads is the dearest part of a small call',
      }),
    ).toBeGreaterThanOrEqual(LESSON_BARS.ledgerOverColdPool);
  });
});

describe('openLedger: calling a tally off', () => {
  test('an abort while pages are on the road throws an AbortError within 100 ms and abandons the fetches', async (context) => {
    const random = seededRandom();
    const ledger = open({ copies: 2, maxWaiting: 1 });
    const specs: PageSpec[] = Array.from({ length: 8 }, (_, index) =>
      index < 2
        ? { latencyMs: 5, body: String(random.int(0, 10_000)) }
        : { latencyMs: 0, fault: { kind: 'silent' } },
    );
    const scroll = lay(specs);
    const controller = new AbortController();
    const abortAfter = random.int(100, 200);
    let abortedAt = Number.NaN;
    let abortedOnTheMeter = Number.NaN;
    setTimeout(() => {
      abortedAt = now();
      abortedOnTheMeter = scroll.meter.now();
      controller.abort();
    }, abortAfter);
    const watch = watchLoad();
    const error = await rejectionOf(() =>
      readAll(ledger.tallyScroll(scroll.urls, { signal: controller.signal })),
    );
    const late = now() - abortedAt;
    const { foreignCores, stoppedMs } = watch.stop();
    measured(context, `the call was off ${formatMs(late)} after the abort`, [
      { name: 'lateMs', value: late, unit: 'ms', bar: 100 },
    ]);
    expect(error).toBeAnAbortError({ ...ABORT_ERROR, when: 'when the signal aborts' });
    expectWithin(context, {
      lateMs: late,
      withinMs: 100,
      foreignCores,
      stoppedMs,
      expected: 'the throw within 100 ms of the abort',
      saw: Number.isNaN(late) ? 'it threw before the signal aborted' : `${Math.round(late)} ms`,
      tryThis: "listen for the signal's 'abort' event and fail the reader's waiting `next()` from there",
    });
    await expect
      .poll(() => scroll.meter.visits.filter((visit) => visit.outcome === 'pending').length, {
        timeout: 1_000,
      })
      .toBe(0);
    const after = scroll.meter.visits.filter((visit) => visit.startMs > abortedOnTheMeter);
    expect(
      after.length,
      explain({
        expected: 'no page fetched after the abort',
        saw: `${after.length} request(s) started after it`,
        tryThis: 'stop taking places (and fetching) once the signal has aborted',
      }),
    ).toBe(0);
  });

  test('an abort while a copy is tallying throws within 100 ms and ends no thread; the next call uses the same threads', async (context) => {
    const random = seededRandom();
    const copies = 2;
    const ledger = open({ copies, maxWaiting: 1 });
    // One long tally (a second or so), among quick ones.
    const scroll = numberScroll(
      [random.int(7_000_000, 8_000_000), random.int(0, 5_000), random.int(0, 5_000)],
      () => 5,
    );
    const controller = new AbortController();
    const abortAfter = random.int(20, 80);
    let abortedAt = Number.NaN;
    let received = 0;
    // The abort comes once both quick tallies are in, not at a fixed time: a
    // slow machine may still be starting its threads at any fixed time, and a
    // solution that looks at the signal only when a tally comes in would then
    // pass. Once they are in, only the long tally is left to come.
    async function* abortOnceTheQuickOnesAreIn(tallies: AsyncIterable<Tally>): AsyncGenerator<Tally> {
      for await (const tally of tallies) {
        received += 1;
        if (received === 2) {
          setTimeout(() => {
            abortedAt = now();
            controller.abort();
          }, abortAfter);
        }
        yield tally;
      }
    }
    const watch = watchLoad();
    const error = await rejectionOf(() =>
      readAll(abortOnceTheQuickOnesAreIn(ledger.tallyScroll(scroll.urls, { signal: controller.signal }))),
    );
    const late = now() - abortedAt;
    const { foreignCores, stoppedMs } = watch.stop();
    measured(
      context,
      `the call was off ${formatMs(late)} after the abort, with a copy in the middle of a long tally`,
      [{ name: 'lateMs', value: late, unit: 'ms', bar: 100 }],
    );
    expect(error).toBeAnAbortError({ ...ABORT_ERROR, when: 'when the signal aborts' });
    expectWithin(context, {
      lateMs: late,
      withinMs: 100,
      foreignCores,
      stoppedMs,
      expected: 'the throw within 100 ms of the abort, without waiting for the long tally',
      saw: Number.isNaN(late) ? 'it threw before the signal aborted' : `${Math.round(late)} ms`,
      tryThis: "fail the reader's waiting `next()` from the signal's 'abort' event",
    });

    const before = threadsSeen();
    const next = numberScroll([random.int(0, 20_000), random.int(0, 20_000), random.int(0, 20_000)], () => 5);
    expectEveryPageOnce((await readAll(ledger.tallyScroll(next.urls))).tallies, next);
    const afterwards = threadsSeen();
    expect(
      {
        exited: afterwards.exited.length,
        threads: afterwards.ids.length,
        sameThreads: before.ids.length === copies,
      },
      explain({
        expected: `the pool's ${copies} threads alive through the abort and the next call: an abort is not a reason to end a warm thread`,
        saw: `${afterwards.ids.length} thread(s) started, ${afterwards.exited.length} exited (${summariseTinypool().text})`,
        tryThis:
          'do not give the signal to pool.run: Tinypool ends the thread of an aborted running task; let the task finish and throw its result away',
      }),
    ).toEqual({ exited: 0, threads: copies, sameThreads: true });
  });

  test("a caller's break stops the call's fetching, and gives its places back", async (context) => {
    const random = seededRandom();
    const copies = 2;
    const maxWaiting = 2;
    const ledger = open({ copies, maxWaiting });
    const scroll = numberScroll(
      Array.from({ length: 16 }, () => random.int(0, 20_000)),
      () => 30,
    );
    let fetchedAtTheBreak = 0;
    for await (const _tally of ledger.tallyScroll(scroll.urls)) {
      fetchedAtTheBreak = scroll.meter.visits.length;
      break;
    }
    await expectNoMorePages(
      scroll,
      fetchedAtTheBreak,
      200,
      'the caller left the loop',
      "call the rest off in the generator's finally block, which a break runs",
    );
    await expectFullWidth(ledger, copies + maxWaiting, random, context, 'after a break');
  });

  test('a reader who stops early gives back the places of the tallies it never read and of those still being tallied', async (context) => {
    const random = seededRandom();
    const copies = 2;
    const maxWaiting = 2;
    const ledger = open({ copies, maxWaiting });
    // Two quick pages first, then slow tallies: when the reader leaves, one
    // tally is in its hand, one is finished and unread, and two are still
    // being tallied (they finish after the call has ended).
    const scroll = numberScroll(
      [
        random.int(0, 1_000),
        random.int(0, 1_000),
        ...Array.from({ length: 6 }, () => random.int(1_500_000, 2_000_000)),
      ],
      () => 2,
    );
    const finishedBefore = tasksFinished();
    for await (const _tally of ledger.tallyScroll(scroll.urls)) {
      await vi.waitFor(
        () => {
          if (tasksFinished() < finishedBefore + 2) {
            throw new Error('the second quick page is not tallied yet');
          }
        },
        { timeout: 10_000, interval: 2 },
      );
      break;
    }
    // Twice: a place lost shows as fewer on the road, a place given back twice as more, in either call.
    await expectFullWidth(ledger, copies + maxWaiting, random, context, 'after a reader left early');
    await expectFullWidth(ledger, copies + maxWaiting, random, context, 'after a call read to its end');
  });

  test("no listener is left on the caller's signal once a call ends, however it ends", async () => {
    const random = seededRandom();
    const ledger = open({ copies: 2, maxWaiting: 1 });
    // One signal for many calls, as a program that stops everything on shutdown has.
    const shutdown = new AbortController();
    const listeners = () => getEventListeners(shutdown.signal, 'abort').length;
    const before = listeners();
    const left: Record<string, number> = {};

    const whole = numberScroll([random.int(0, 5_000), random.int(0, 5_000)], () => 2);
    await readAll(ledger.tallyScroll(whole.urls, { signal: shutdown.signal }));
    left['read to its end'] = listeners() - before;

    const long = numberScroll(
      Array.from({ length: 6 }, () => random.int(0, 5_000)),
      () => 2,
    );
    for await (const _tally of ledger.tallyScroll(long.urls, { signal: shutdown.signal })) break;
    left['left with a break'] = listeners() - before;

    const bad = lay([{ latencyMs: 2, body: 'nothing' }]);
    await rejectionOf(() => readAll(ledger.tallyScroll(bad.urls, { signal: shutdown.signal })));
    left['ended by a bad page'] = listeners() - before;

    expect(
      left,
      explain({
        expected: "no 'abort' listener left on the signal after each call",
        saw: JSON.stringify(left),
        tryThis: "remove the listener in the generator's finally block, which every ending runs",
      }),
    ).toEqual({ 'read to its end': 0, 'left with a break': 0, 'ended by a bad page': 0 });
  });

  test('an abort gives back every place its call held: the next call has them all', async (context) => {
    const random = seededRandom();
    const copies = 2;
    const maxWaiting = 2;
    const ledger = open({ copies, maxWaiting });
    // Two pages that never answer: two places are held by their fetches when the abort comes.
    const silent = lay(
      Array.from({ length: 2 }, (): PageSpec => ({ latencyMs: 0, fault: { kind: 'silent' } })),
    );
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const error = await rejectionOf(() =>
      readAll(ledger.tallyScroll(silent.urls, { signal: controller.signal })),
    );
    expect(error).toBeAnAbortError({ ...ABORT_ERROR, when: 'when the signal aborts' });
    await expectFullWidth(ledger, copies + maxWaiting, random, context, 'after an abort');
  });

  test('a signal already aborted throws at once, fetching nothing', async () => {
    const ledger = open({ copies: 2, maxWaiting: 1 });
    const scroll = numberScroll([10, 20, 30], () => 5);
    const started = now();
    const error = await rejectionOf(() =>
      readAll(ledger.tallyScroll(scroll.urls, { signal: AbortSignal.abort() })),
    );
    const elapsed = now() - started;
    expect(error).toBeAnAbortError({ ...ABORT_ERROR, when: 'for a signal aborted before the call' });
    expect(
      { requests: scroll.meter.visits.length, quick: elapsed <= 100 },
      explain({
        expected: 'the throw within 100 ms, with no page requested',
        saw: `${scroll.meter.visits.length} request(s), after ${Math.round(elapsed)} ms`,
        tryThis: 'check signal.aborted before taking a place',
      }),
    ).toEqual({ requests: 0, quick: true });
  });
});

describe('openLedger: closing the ledger', () => {
  test('close lets every call already begun finish with nothing lost, then leaves no thread', async () => {
    const random = seededRandom();
    const ledger = open({ copies: 2, maxWaiting: 1 });
    const scroll = numberScroll(
      Array.from({ length: 10 }, () => random.int(100_000, 300_000)),
      () => random.int(5, 30),
    );
    const tallies: Tally[] = [];
    let closing: Promise<void> | undefined;
    let closedAfter = Number.NaN;
    const reading = (async () => {
      for await (const tally of ledger.tallyScroll(scroll.urls)) {
        tallies.push(tally);
        // Close as soon as the first page is in: the other nine must still come.
        closing ??= ledger.close().then(() => {
          closedAfter = tallies.length;
        });
      }
    })();
    const read = await settleWithin(reading, 30_000, 'the call to tallyScroll never finished after close()');
    if ('error' in read) throw read.error;
    await settleWithin(closing ?? Promise.resolve(), 20_000, 'close() never resolved');
    expectEveryPageOnce(tallies, scroll);
    const seen = summariseTinypool();
    expect(
      {
        tallied: closedAfter,
        alive: seen.aliveThreads,
        destroyed: tinypoolLog.every((pool) => pool.destroyed),
      },
      explain({
        expected:
          'close() to resolve only after all 10 pages were tallied, with the pool destroyed and no thread alive',
        saw: `close() resolved after ${closedAfter} page(s); ${seen.text}`,
        tryThis: 'in close(), await every call in progress, then await pool.destroy()',
      }),
    ).toEqual({ tallied: 10, alive: 0, destroyed: true });
  });

  test('close with two calls in progress loses nothing of either, and a call begun while it drains is refused', async () => {
    const random = seededRandom();
    const ledger = open({ copies: 2, maxWaiting: 1 });
    // The first call is the longer: it is still running when the second, begun after it, is done.
    const scrolls = [10, 4].map((length) =>
      numberScroll(
        Array.from({ length }, () => random.int(100_000, 300_000)),
        () => random.int(5, 30),
      ),
    );
    const late = numberScroll([10, 20], () => 5);
    let closing: Promise<void> | undefined;
    let lateError: unknown;
    const started: Array<() => void> = [];
    const bothStarted = Promise.all(scrolls.map(() => new Promise<void>((resolve) => started.push(resolve))));
    const readings = scrolls.map(async (scroll, index) => {
      const tallies: Tally[] = [];
      for await (const tally of ledger.tallyScroll(scroll.urls)) {
        tallies.push(tally);
        if (tallies.length === 1) started[index]?.();
        // Once both calls have a tally in, close, and try a third call while the two drain.
        if (tallies.length === 1 && index === 1) {
          await bothStarted;
          closing ??= ledger.close();
          lateError = await rejectionOf(() => readAll(ledger.tallyScroll(late.urls), 5_000));
        }
      }
      return tallies;
    });
    const read = await settleWithin(
      Promise.all(readings),
      30_000,
      'the two calls never finished after close()',
    );
    if ('error' in read) throw read.error;
    read.value.forEach((tallies, index) => expectEveryPageOnce(tallies, scrolls[index] as Scroll));
    await settleWithin(closing ?? Promise.resolve(), 20_000, 'close() never resolved');
    expect(
      lateError instanceof Error && /closed/i.test(lateError.message),
      explain({
        expected: 'a call begun while close() drains the others to throw that the ledger is closed',
        saw: describeValue(lateError),
        tryThis: 'refuse new calls as soon as close() is called, not once it has finished',
      }),
    ).toBe(true);
    expect(late.meter.visits.length, 'requests made by a call begun while the ledger was closing').toBe(0);
    expect(summariseTinypool().aliveThreads, 'threads alive once close() resolved').toBe(0);
  });

  test('after close a new call throws that the ledger is closed, and closing again is harmless', async () => {
    const ledger = open({ copies: 2, maxWaiting: 1 });
    const scroll = numberScroll([10, 20], () => 5);
    await settleWithin(ledger.close(), 20_000, 'close() of an idle ledger never resolved');
    const error = await rejectionOf(() => readAll(ledger.tallyScroll(scroll.urls), 5_000));
    expect(
      error instanceof Error && /closed/i.test(error.message),
      explain({
        expected: 'an Error whose message says the ledger is closed',
        saw: describeValue(error),
        tryThis:
          "throw new Error('The ledger is closed') at the start of tallyScroll once close() was called",
      }),
    ).toBe(true);
    expect(scroll.meter.visits.length, 'requests made by a call on a closed ledger').toBe(0);
    const again = await settleWithin(ledger.close(), 5_000, 'a second close() never resolved');
    expect('error' in again ? again.error : undefined, 'what a second close() rejected with').toBeUndefined();
  });
});
