import {
  describeValue,
  explain,
  formatMs,
  formatTimes,
  expectSpeedVerdict,
  judgeSpeedup,
  measured,
  measureWall,
  measureWorkerCost,
  median,
  pages,
  readOneByOne,
  readWithBand,
  recordParallelRun,
  referenceReadWithCopies,
  rejectionOf,
  Resolved,
  seededRandom,
  summariseTinypool,
  useScrollServer,
  useWorkerRelay,
  workersDuring,
} from '@spellbook/test-kit';
import { describe, expect, test } from 'vitest';
import { costOfACopy, readScrollWithCopies } from '../src/errands.ts';

const { lay } = useScrollServer();
// Worker threads' requests come back to this thread's mocked scroll (see the lesson's vitest.config.ts).
useWorkerRelay();

/** The chapter's advice when a thread outlives the call. */
const NO_THREAD_LEFT = '`await pool.destroy()` in a finally block, before the promise settles';

/** One call of readScrollWithCopies, recorded as it settled (threads alive at that moment, tasks, pools). */
const record = (label: string, urls: readonly string[], copies: number) =>
  recordParallelRun(label, Number.NaN, copies, () => readScrollWithCopies(urls, { copies }));

describe('readScrollWithCopies: the right pages', () => {
  test('random scrolls and numbers of copies: every text, in scroll order', async () => {
    const random = seededRandom();
    for (let round = 0; round < 3; round += 1) {
      // One copy is a pool too: the first round always has exactly one.
      const copies = round === 0 ? 1 : random.int(2, 4);
      const scroll = lay(pages(random.int(4, 10), [5, 60], random));
      expect(
        await readScrollWithCopies(scroll.urls, { copies }),
        `${scroll.urls.length} pages with ${copies} copies, in scroll order`,
      ).toEqual(scroll.bodies);
    }
  });

  test('an empty scroll gives an empty list', async () => {
    expect(await readScrollWithCopies([], { copies: 2 })).toEqual([]);
  });

  test.each([
    ['no copies', 0],
    ['half a copy', 1.5],
    ['a negative number of copies', -2],
  ])('rejects %s with a RangeError', async (_label, copies) => {
    const error = await rejectionOf(() => readScrollWithCopies(['https://nowhere.test/'], { copies }));
    expect(error, `expected a RangeError, saw ${describeValue(error)}`).toBeInstanceOf(RangeError);
  });

  test.each([
    ['is not there (404)', { kind: 'not-found' }, 'answered 404', '404'],
    ['is busy (503)', { kind: 'unavailable', times: 5 }, 'answered 503', '503'],
    ['cannot be reached (a network error)', { kind: 'unreachable' }, 'could not be reached', undefined],
  ] as const)(
    'a page that %s rejects the promise, and no worker is left behind',
    async (_label, fault, why, status) => {
      const scroll = lay([...pages(3, 20), { latencyMs: 20, fault }, ...pages(2, 20)]);
      const missing = scroll.urls[3];
      const run = await record(`a page that ${_label}`, scroll.urls, 2);
      const error = run.rejected ? run.answer : new Resolved(run.answer);
      const asked = scroll.meter.visits.some((visit) => visit.url === missing);
      expect(
        error instanceof Error && asked,
        explain({
          expected: `the promise to reject because ${missing} ${why}`,
          saw: asked
            ? describeValue(error)
            : `the page was never asked for; the promise gave ${describeValue(error)}`,
          tryThis: 'in the worker, throw when `response.ok` is false; the pool passes the error on',
        }),
      ).toBe(true);
      if (status !== undefined) {
        const message = error instanceof Error ? error.message : '';
        expect(
          message.includes(missing ?? '') && message.includes(status),
          explain({
            expected: `an Error whose message names ${missing} and its status, ${status}`,
            saw: describeValue(error),
            tryThis: 'throw new Error(`${url} answered ${response.status}`) in the worker',
          }),
        ).toBe(true);
      }
      expect(run).toLeaveNoThreadRunning({ tryThis: NO_THREAD_LEFT });
    },
  );
});

describe('readScrollWithCopies: the copies', () => {
  test('the pages are fetched on worker threads of a Tinypool, `copies` at a time', async () => {
    const random = seededRandom();
    const copies = random.int(2, 4);
    const scroll = lay(pages(copies * 3, 80));

    const run = await record(`${copies} copies`, scroll.urls, copies);
    expect(run.answer, describeValue(run.answer)).toEqual(scroll.bodies);

    const seen = summariseTinypool();
    expect(
      seen.tasks,
      explain({
        expected: `one Tinypool task per page (${scroll.urls.length})`,
        saw: seen.text,
        tryThis: 'run every URL through pool.run(url); the worker fetches it',
      }),
    ).toBe(scroll.urls.length);
    expect(
      seen.threads,
      explain({
        expected: `a pool of ${copies} worker threads`,
        saw: seen.text,
        tryThis: 'give the pool minThreads and maxThreads of `copies`',
      }),
    ).toBe(copies);
    // Which thread sent each request: the scroll's meter knows, because the
    // test kit relays a worker's requests with its thread id.
    const visits = scroll.meter.visits;
    const fromMain = visits.filter((visit) => visit.threadId === 0).length;
    expect(
      fromMain,
      explain({
        expected: 'every page requested by a worker thread',
        saw: `${fromMain} of ${visits.length} requests sent by the main thread`,
        tryThis: 'the worker fetches: pool.run(url), and `fetch(url)` inside the worker’s task function',
        detail: scroll.meter.timeline(),
      }),
    ).toBe(0);
    const senders = new Set(visits.map((visit) => visit.threadId));
    expect(
      senders.size,
      explain({
        expected: `pages fetched by all ${copies} copies`,
        saw: `requests from ${senders.size} thread(s)`,
        detail: scroll.meter.timeline(),
      }),
    ).toBe(copies);
    expect(
      scroll.meter.peakInFlight,
      explain({
        expected: `${copies} pages on the road at the busiest moment: one per copy`,
        saw: `${scroll.meter.peakInFlight}`,
        detail: scroll.meter.timeline(),
      }),
    ).toBe(copies);
    expect(run).toLeaveNoThreadRunning({ tryThis: NO_THREAD_LEFT });
  });

  test('faster than one courier, but slower than a band of the same size', async (context) => {
    const copies = 4;
    // Long enough trips that the copies' start-up (and msw loading in each, under test) is a small part.
    const scroll = lay(pages(16, 150));
    const wrongTexts: string[] = [];
    const checked = (name: string, read: () => Promise<string[]>) => async () => {
      const texts = await read();
      if (JSON.stringify(texts) !== JSON.stringify(scroll.bodies)) wrongTexts.push(name);
    };
    // Turns of the courier, the test kit's own copies (what this machine lets
    // copies do right now), yours and a band on the event loop, after a warm-up of each.
    const verdict = await judgeSpeedup({
      baseline: checked('the courier', () => readOneByOne(scroll.urls)),
      reference: checked("the test kit's copies", () => referenceReadWithCopies(scroll.urls, copies)),
      candidate: checked('your copies', () => readScrollWithCopies(scroll.urls, { copies })),
      extra: { [`a band of ${copies}`]: checked('the band', () => readWithBand(scroll.urls, copies)) },
    });
    expect(wrongTexts, 'every run should give every text, in scroll order').toEqual([]);
    const [courier, yours] = [median(verdict.runs.baseline), median(verdict.runs.candidate)];
    const band = median(Object.values(verdict.runs.extra)[0] ?? []);
    const kitCopies = median(verdict.runs.reference);
    measured(
      context,
      `16 pages of 150 ms: one courier ${formatMs(courier)}, a band of ${copies} messengers ${formatMs(band)}, your ${copies} copies ${formatMs(yours)} (${formatTimes(verdict.speedup)} the courier's speed; the test kit's copies ${formatMs(kitCopies)})`,
      [
        { name: 'courierMs', value: courier, unit: 'ms' },
        { name: 'bandMs', value: band, unit: 'ms' },
        { name: 'copiesMs', value: yours, unit: 'ms', reference: kitCopies },
        {
          name: 'speedup',
          value: verdict.speedup,
          unit: '×',
          bar: verdict.required,
          ...(Number.isFinite(verdict.referenceSpeedup) ? { reference: verdict.referenceSpeedup } : {}),
        },
      ].filter((figure) => Number.isFinite(figure.value)),
    );
    expectSpeedVerdict(context, verdict, {
      expected: `${copies} copies at least ${verdict.required.toFixed(2)}× faster than one courier walking 16 pages of 150 ms (the test kit's own ${copies} copies were ${verdict.referenceSpeedup.toFixed(2)}× faster on this machine just now)`,
      saw: `${verdict.speedup.toFixed(2)}×`,
      tryThis: 'let the pool have `copies` threads and start every page at once with Promise.all',
    });
    expect(
      yours,
      explain({
        expected: `${copies} copies to take longer than ${copies} requests in flight from the event loop: every copy must be started first`,
        saw: `copies ${Math.round(yours)} ms, band ${Math.round(band)} ms`,
        tryThis: 'fetch the pages inside the worker threads, not in the main thread',
        detail: verdict.detail,
      }),
    ).toBeGreaterThan(band);
  }, 90_000);
});

describe('costOfACopy', () => {
  test('plausible figures that agree within 3× with the tests’ own measurement', async (context) => {
    const reference = await measureWorkerCost();
    const {
      value: { value: cost, ms: callMs },
      workers,
    } = await workersDuring(() => measureWall(() => costOfACopy()));
    const detail = `the tests measured: start-up ${reference.startupMs.toFixed(1)} ms (${reference.startups
      .map((ms) => ms.toFixed(1))
      .join(', ')}), a heap of ${(reference.memoryBytes / 2 ** 20).toFixed(1)} MiB per worker`;

    expect(cost, 'costOfACopy should resolve to { startupMs, memoryBytes }').toMatchObject({
      startupMs: expect.any(Number) as number,
      memoryBytes: expect.any(Number) as number,
    });
    const { startupMs, memoryBytes } = cost;
    if (Number.isFinite(startupMs) && Number.isFinite(memoryBytes)) {
      measured(
        context,
        `your costOfACopy(): a copy took ${formatMs(startupMs)} to start and ${(memoryBytes / 2 ** 20).toFixed(1)} MiB (the test kit measured ${formatMs(reference.startupMs)} and ${(reference.memoryBytes / 2 ** 20).toFixed(1)} MiB)`,
        [
          { name: 'startupMs', value: startupMs, unit: 'ms', reference: reference.startupMs },
          {
            name: 'memory',
            value: memoryBytes / 2 ** 20,
            unit: 'MiB',
            reference: reference.memoryBytes / 2 ** 20,
          },
        ],
      );
    }
    expect(
      startupMs > 0.5 && startupMs < 5_000,
      explain({ expected: 'a start-up between 0.5 ms and 5 s', saw: `${startupMs} ms`, detail }),
    ).toBe(true);
    expect(
      memoryBytes >= 2 ** 18 && memoryBytes < 2 ** 30,
      explain({ expected: 'memory between 256 KiB and 1 GiB', saw: `${memoryBytes} bytes`, detail }),
    ).toBe(true);
    expect(
      callMs,
      explain({
        expected: `the call to take at least the ${startupMs.toFixed(1)} ms it says a copy took to start`,
        saw: `it returned after ${callMs.toFixed(1)} ms`,
        tryThis: 'really start a worker and time it: figures written down in advance are not a measurement',
      }),
    ).toBeGreaterThanOrEqual(startupMs);

    // A copy said to be made must be a thread that really started, answered
    // and ended during the call, and the start-up reported must fit its life.
    const copies = workers.filter((worker) => worker.onlineMs !== undefined);
    const lives = copies
      .map(
        (worker) =>
          `thread ${worker.threadId}: online at ${worker.onlineMs?.toFixed(1)} ms, first message at ${worker.firstMessageMs?.toFixed(1) ?? '–'} ms, exited at ${worker.exitMs?.toFixed(1) ?? '–'} ms`,
      )
      .join('; ');
    expect(
      copies.length,
      explain({
        expected: 'a worker thread started during the call',
        saw: 'no worker came online while costOfACopy ran',
        tryThis: 'really start a worker and time it: figures written down in advance are not a measurement',
        detail,
      }),
    ).toBeGreaterThanOrEqual(1);
    const answered = copies.filter((worker) => worker.firstMessageMs !== undefined);
    const latestAnswer = Math.max(...answered.map((worker) => worker.firstMessageMs ?? 0));
    expect(
      answered.length > 0 && startupMs <= latestAnswer + 1,
      explain({
        expected: `a start-up no longer than from the call to the copy's first message (${latestAnswer.toFixed(1)} ms)`,
        saw: `${startupMs.toFixed(1)} ms; ${lives}`,
        tryThis: 'time from just before `new Worker(...)` to the first message from it',
        detail,
      }),
    ).toBe(true);

    const within3 = (yours: number, ours: number) => Math.max(yours / ours, ours / yours) <= 3;
    expect(
      within3(startupMs, reference.startupMs),
      explain({
        expected: 'a start-up time within 3× of the tests’ own',
        saw: `${startupMs.toFixed(1)} ms`,
        tryThis: 'time from just before `new Worker(...)` to the first message from it',
        detail,
      }),
    ).toBe(true);
    expect(
      within3(memoryBytes, reference.memoryBytes),
      explain({
        expected: 'a memory figure within 3× of the tests’ own',
        saw: `${(memoryBytes / 2 ** 20).toFixed(1)} MiB`,
        tryThis: 'post process.memoryUsage().heapTotal from inside the worker, as its first message',
        detail,
      }),
    ).toBe(true);

    // Watched through the Worker objects, so the same on every platform.
    await expect
      .poll(() => workers.filter((worker) => worker.running()).length, {
        timeout: 2_000,
        message: explain({
          expected: 'every copy the call started to have ended',
          saw: `${workers.filter((worker) => worker.running()).length} still running (${lives})`,
          tryThis: '`await worker.terminate()` before returning',
        }),
      })
      .toBe(0);
  });
});
