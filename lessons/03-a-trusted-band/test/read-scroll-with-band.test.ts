import {
  describeValue,
  explain,
  formatMs,
  measured,
  measureWall,
  pages,
  seededRandom,
  settleWithin,
  useScrollServer,
} from '@spellbook/test-kit';
import { describe, expect, test } from 'vitest';
import { readScrollWithBand } from '../src/read-scroll-with-band.ts';

const { lay } = useScrollServer();

/** Settles a promise into a value that tests can inspect, failing clearly if it never settles. */
function settle<T>(promise: Promise<T>) {
  return settleWithin(
    promise,
    3_000,
    'readScrollWithBand never finished; does every trip have a way to end?',
  );
}

describe('the size of the band', () => {
  test('never has more than `messengers` requests in flight, and uses all of them', async () => {
    const random = seededRandom();
    const messengers = random.int(2, 4);
    const scroll = lay(pages(random.int(9, 12), [40, 90], random));

    const texts = await readScrollWithBand(scroll.urls, { messengers });

    expect(texts, 'the texts, in scroll order').toEqual(scroll.bodies);
    expect(
      scroll.meter.peakInFlight,
      explain({
        expected: `exactly ${messengers} requests in flight at the busiest moment`,
        saw: `${scroll.meter.peakInFlight}`,
        tryThis:
          scroll.meter.peakInFlight > messengers
            ? 'start only `messengers` loops; each takes the next page when its last one is done'
            : 'keep every messenger busy: start all of them at once',
        detail: scroll.meter.timeline(),
      }),
    ).toBe(messengers);
  });

  test('takes about ceil(pages / messengers) trips of time', async (context) => {
    const random = seededRandom();
    const latency = 80;
    const messengers = random.int(2, 4);
    const count = random.int(7, 11);
    const rounds = Math.ceil(count / messengers);
    const scroll = lay(pages(count, latency));

    const { ms } = await measureWall(() => readScrollWithBand(scroll.urls, { messengers }));
    measured(
      context,
      `${count} pages, ${latency} ms each, ${messengers} messengers: ${formatMs(ms)} (${rounds} rounds of ${latency} ms; alone it would take ${count * latency} ms)`,
      [
        { name: 'wall', value: ms, unit: 'ms', x: messengers },
        { name: 'rounds', value: rounds, unit: 'rounds', x: messengers },
        // Time as a share of the trips one after another, against requests in flight.
        { name: 'share', value: ms / (count * latency), unit: 'share', x: messengers },
      ],
    );

    const message = explain({
      expected: `about ${rounds} rounds of ${latency} ms (${count} pages, ${messengers} messengers)`,
      saw: `${Math.round(ms)} ms`,
      detail: scroll.meter.timeline(),
    });
    expect(ms, message).toBeGreaterThanOrEqual(0.9 * rounds * latency);
    expect(ms, message).toBeLessThan(rounds * latency * 1.5 + 150);
  });

  test('hands out the next page as soon as a messenger is free, not in batches', async () => {
    // One long trip and many short ones: a free messenger must not wait for the long one.
    const scroll = lay([{ latencyMs: 600 }, ...pages(5, 60)]);

    await readScrollWithBand(scroll.urls, { messengers: 2 });

    const visitTo = (index: number) => scroll.meter.visits.find((visit) => visit.url === scroll.urls[index]);
    const long = visitTo(0);
    const third = visitTo(2);
    expect(
      (third?.startMs ?? Infinity) < (long?.endMs ?? 0),
      explain({
        expected: 'the third page to start while the first (600 ms) page is still on the road',
        saw: `the third page started at ${Math.round(third?.startMs ?? NaN)} ms, the first ended at ${Math.round(long?.endMs ?? NaN)} ms`,
        tryThis: 'instead of Promise.all over fixed groups, let each messenger loop and take the next index',
        detail: scroll.meter.timeline(),
      }),
    ).toBe(true);
  });

  test('an empty scroll is read at once, with no request', async () => {
    const scroll = lay([]);
    expect(await readScrollWithBand([], { messengers: 3 })).toEqual([]);
    expect(scroll.meter.visits).toHaveLength(0);
  });

  test.each([
    ['0 messengers', { messengers: 0 }],
    ['a negative band', { messengers: -2 }],
    ['a fraction of a messenger', { messengers: 1.5 }],
    ['NaN messengers', { messengers: Number.NaN }],
    ['a negative number of retries', { messengers: 2, retries: -1 }],
    ['a fraction of a retry', { messengers: 2, retries: 1.5 }],
    ['a time limit of zero', { messengers: 2, timeoutMs: 0 }],
    ['a fraction of a millisecond', { messengers: 2, timeoutMs: 150.5 }],
    // Node's timers run a longer delay after 1 ms, so every trip would time out at once.
    ['a time limit longer than a timer keeps', { messengers: 2, timeoutMs: 2 ** 31 }],
    ['an endless time limit', { messengers: 2, timeoutMs: Number.POSITIVE_INFINITY }],
  ])('refuses %s with a RangeError, before any request', async (_label, options) => {
    const scroll = lay(pages(3, 10));

    const outcome = await settle(Promise.resolve().then(() => readScrollWithBand(scroll.urls, options)));

    const error = 'error' in outcome ? outcome.error : undefined;
    expect(error, explain({ expected: 'a RangeError', saw: describeValue(error) })).toBeInstanceOf(
      RangeError,
    );
    expect((error as Error).message.length, 'the RangeError should say what was wrong').toBeGreaterThan(10);
    expect(scroll.meter.visits, 'no request should be sent with bad options').toHaveLength(0);
  });
});

describe('time limits and second tries', () => {
  test('gives up on a page that never answers after timeoutMs, and ends the request', async () => {
    const scroll = lay([{ latencyMs: 20 }, { latencyMs: 20, fault: { kind: 'silent' } }, { latencyMs: 20 }]);
    const silentUrl = scroll.urls[1] ?? '';

    const { value: outcome, ms } = await measureWall(() =>
      settle(readScrollWithBand(scroll.urls, { messengers: 3, timeoutMs: 150 })),
    );

    expect('error' in outcome, `expected a rejection: ${silentUrl} never answers`).toBe(true);
    const error = 'error' in outcome ? outcome.error : undefined;
    expect(
      String(error instanceof Error ? error.message : error),
      'the error should name the silent page',
    ).toContain(silentUrl);
    expect(
      ms,
      explain({ expected: 'a rejection after about 150 ms', saw: `${Math.round(ms)} ms` }),
    ).toBeGreaterThanOrEqual(140);
    expect(
      ms,
      explain({ expected: 'a rejection soon after 150 ms', saw: `${Math.round(ms)} ms` }),
    ).toBeLessThan(1_000);
    await expect
      .poll(() => scroll.meter.visits.find((visit) => visit.url === silentUrl)?.outcome, {
        message:
          'the timed-out request itself should be cancelled (pass a signal to fetch), not left hanging',
      })
      .toBe('abandoned');
  });

  test('tries a busy (503) page again and succeeds when retries allow', async () => {
    const random = seededRandom();
    const busyFor = random.int(1, 3);
    const scroll = lay([
      { latencyMs: 20 },
      { latencyMs: 20, fault: { kind: 'unavailable', times: busyFor } },
    ]);

    const texts = await readScrollWithBand(scroll.urls, { messengers: 2, retries: busyFor });

    expect(texts).toEqual(scroll.bodies);
    expect(
      scroll.meter.visits.filter((visit) => visit.url === scroll.urls[1]),
      `the busy page answers 503 ${busyFor} time(s), so it needs ${busyFor + 1} visits`,
    ).toHaveLength(busyFor + 1);
  });

  test('fails with the URL and 503 when the retries run out', async () => {
    const scroll = lay([{ latencyMs: 20, fault: { kind: 'unavailable', times: 5 } }]);

    const outcome = await settle(readScrollWithBand(scroll.urls, { messengers: 1, retries: 2 }));

    const error = 'error' in outcome ? outcome.error : undefined;
    expect(error, 'a page still busy after every retry should make the call reject').toBeInstanceOf(Error);
    expect((error as Error).message).toContain(scroll.urls[0]);
    expect((error as Error).message).toContain('503');
    expect(scroll.meter.visits, 'one visit plus two retries').toHaveLength(3);
  });

  test('tries a timed-out trip again', async () => {
    const scroll = lay([{ latencyMs: 10, fault: { kind: 'silent' } }]);

    const outcome = await settle(
      readScrollWithBand(scroll.urls, { messengers: 1, retries: 2, timeoutMs: 60 }),
    );

    expect('error' in outcome).toBe(true);
    expect(
      scroll.meter.visits,
      'a trip that ran out of time is worth another try: 1 + 2 retries',
    ).toHaveLength(3);
  });

  test('does not try a missing (404) page again', async () => {
    const scroll = lay([{ latencyMs: 20, fault: { kind: 'not-found' } }]);

    const outcome = await settle(readScrollWithBand(scroll.urls, { messengers: 1, retries: 3 }));

    const error = 'error' in outcome ? outcome.error : undefined;
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toContain('404');
    expect(scroll.meter.visits, 'a 404 will be a 404 again: visit it once').toHaveLength(1);
  });

  test('rejects when a page cannot be reached at all, within the retries allowed', async () => {
    // The chapter leaves open whether a washed-out road is worth another
    // try; either way the errand must fail, and within 1 + retries trips.
    const scroll = lay([...pages(2, 20), { latencyMs: 20, fault: { kind: 'unreachable' } }]);
    const outcome = await settle(readScrollWithBand(scroll.urls, { messengers: 2, retries: 2 }));
    expect(
      'error' in outcome,
      explain({
        expected: `a rejection: the road to ${scroll.urls[2]} is washed out (fetch fails)`,
        saw: 'value' in outcome ? `it resolved with ${describeValue(outcome.value)}` : 'a rejection',
        tryThis: 'let the error from fetch reach the caller once the retries (if you retry it) run out',
      }),
    ).toBe(true);
    const trips = scroll.meter.visits.filter((visit) => visit.url === scroll.urls[2]).length;
    expect(
      trips >= 1 && trips <= 3,
      `the washed-out page should be tried at least once and at most 1 + retries times, saw ${trips} trip(s)`,
    ).toBe(true);
  });
});

describe('the horn (AbortSignal)', () => {
  test('rejects promptly with an AbortError and starts no request after the abort', async () => {
    const scroll = lay(pages(12, 100));
    const horn = new AbortController();
    let hornOnMeter = Infinity;
    setTimeout(() => {
      hornOnMeter = scroll.meter.now();
      horn.abort();
    }, 150);

    const outcome = await settle(readScrollWithBand(scroll.urls, { messengers: 2, signal: horn.signal }));
    const afterHorn = scroll.meter.now() - hornOnMeter;

    const error = 'error' in outcome ? outcome.error : undefined;
    expect(
      (error as Error | undefined)?.name,
      explain({
        expected: 'a rejection with an AbortError (reject with signal.reason)',
        saw: 'error' in outcome ? describeValue(error) : 'it resolved',
      }),
    ).toBe('AbortError');
    expect(
      error === horn.signal.reason,
      explain({
        expected: "a rejection with the horn's own reason, signal.reason itself",
        saw: `another error: ${describeValue(error)}`,
        tryThis:
          'let the AbortError reach the caller as it is: do not retry it or wrap it in an error of your own',
      }),
    ).toBe(true);
    expect(
      afterHorn,
      explain({
        expected: 'a rejection within 100 ms of the horn',
        saw: `${Math.round(afterHorn)} ms after it`,
        tryThis: 'pass the signal to fetch, so trips on the road end when it is aborted',
      }),
    ).toBeLessThan(100);
    expect(
      scroll.meter.startedAfter(hornOnMeter + 5),
      explain({
        expected: 'no request started after the horn',
        saw: `${scroll.meter.startedAfter(hornOnMeter + 5).length}`,
        tryThis: 'check signal.aborted (or signal.throwIfAborted()) before each new trip',
        detail: scroll.meter.timeline(),
      }),
    ).toEqual([]);
    await expect
      .poll(() => scroll.meter.inFlight, {
        message: 'requests on the road when the horn sounds should be cancelled',
      })
      .toBe(0);
  });

  test('a horn that has already sounded stops the errand before it starts', async () => {
    const scroll = lay(pages(3, 20));

    const horn = AbortSignal.abort();
    const outcome = await settle(readScrollWithBand(scroll.urls, { messengers: 2, signal: horn }));

    expect(('error' in outcome ? (outcome.error as Error) : undefined)?.name).toBe('AbortError');
    expect(
      'error' in outcome && outcome.error === horn.reason,
      "the rejection should be the horn's reason itself",
    ).toBe(true);
    expect(scroll.meter.visits).toHaveLength(0);
  });
});
