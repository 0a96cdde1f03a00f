import {
  describeValue,
  explain,
  formatMs,
  formatShare,
  measured,
  measureWall,
  pages,
  rejectionOf,
  Resolved,
  seededRandom,
  useScrollServer,
} from '@spellbook/test-kit';
import { describe, expect, test } from 'vitest';
import { readScroll, timed } from '../src/read-scroll.ts';

const { lay } = useScrollServer();
const LATENCY_MS = 60;

describe('readScroll', () => {
  test('brings back every page, in scroll order', async () => {
    const random = seededRandom();
    const scroll = lay(pages(random.int(3, 6), [20, 70], random));

    const texts = await readScroll(scroll.urls);

    expect(
      texts,
      explain({
        expected: `the ${scroll.urls.length} pages' texts in scroll order`,
        saw: JSON.stringify(texts),
        tryThis: 'push each `await response.text()` into an array as you go',
      }),
    ).toEqual(scroll.bodies);
  });

  test('sends only one request at a time, in scroll order', async () => {
    const scroll = lay(pages(5, LATENCY_MS));

    await readScroll(scroll.urls);

    expect(
      scroll.meter.peakInFlight,
      explain({
        expected: 'one request on the road at a time',
        saw: `${scroll.meter.peakInFlight} in flight at once`,
        tryThis: 'await each page before you fetch the next (a for…of loop, not map or Promise.all)',
        detail: scroll.meter.timeline(),
      }),
    ).toBe(1);
    expect(scroll.meter.arrivalOrder, 'requests should arrive in the order of the scroll').toEqual(
      scroll.urls,
    );
  });

  test('takes as long as all the trips added together', async (context) => {
    const count = 5;
    const scroll = lay(pages(count, LATENCY_MS));

    const { ms } = await measureWall(() => readScroll(scroll.urls));

    const floor = 0.9 * count * LATENCY_MS;
    measured(
      context,
      `${count} pages, ${LATENCY_MS} ms each, one after another: ${formatMs(ms)} (the trips alone add up to ${count * LATENCY_MS} ms)`,
      [
        { name: 'wall', value: ms, unit: 'ms', bar: floor },
        // Time as a share of the trips one after another, against requests in flight (one).
        { name: 'share', value: ms / (count * LATENCY_MS), unit: 'share', x: 1 },
      ],
    );
    expect(
      ms,
      explain({
        expected: `at least ${floor} ms (${count} trips of ${LATENCY_MS} ms, one after another)`,
        saw: `${Math.round(ms)} ms`,
        tryThis: 'visit the pages one by one; this chapter is about the slow way',
        detail: scroll.meter.timeline(),
      }),
    ).toBeGreaterThanOrEqual(floor);
  });

  test('gives back an empty list for an empty scroll, without asking anyone', async () => {
    const scroll = lay([]);
    expect(await readScroll([])).toEqual([]);
    expect(scroll.meter.visits).toHaveLength(0);
  });

  test.each([
    { status: 404, fault: { kind: 'not-found' } as const },
    { status: 503, fault: { kind: 'unavailable', times: 99 } as const },
  ])(
    'rejects with the URL and status when a page answers $status, and goes no further',
    async ({ status, fault }) => {
      const random = seededRandom();
      const badIndex = random.int(1, 3);
      const specs = pages(5, 20).map((page, index) => (index === badIndex ? { ...page, fault } : page));
      const scroll = lay(specs);
      const badUrl = scroll.urls[badIndex] ?? '';

      const outcome = await readScroll(scroll.urls).then(
        (texts) => ({ resolved: texts }),
        (error: unknown) => ({ rejected: error }),
      );

      expect(
        'rejected' in outcome,
        explain({
          expected: `a rejection, because ${badUrl} answered ${status}`,
          saw: `it resolved with ${JSON.stringify(outcome)}`,
          tryThis: 'check `response.ok` and throw when it is false',
        }),
      ).toBe(true);
      const rejection = 'rejected' in outcome ? outcome.rejected : undefined;
      const message = rejection instanceof Error ? rejection.message : String(rejection);
      expect(message, 'the error message should name the page that failed').toContain(badUrl);
      expect(message, 'the error message should give the status the page answered').toContain(String(status));
      expect(
        scroll.meter.visits.map((visit) => visit.url),
        'after a page fails, the courier comes home: no later page is visited',
      ).toEqual(scroll.urls.slice(0, badIndex + 1));
    },
  );

  test('rejects when a page cannot be reached at all, and goes no further', async () => {
    const random = seededRandom();
    const badIndex = random.int(1, 3);
    const specs = pages(5, 20).map((page, index) =>
      index === badIndex ? { ...page, fault: { kind: 'unreachable' } as const } : page,
    );
    const scroll = lay(specs);
    const error = await rejectionOf(() => readScroll(scroll.urls));
    expect(
      error instanceof Resolved,
      explain({
        expected: `a rejection, because the road to ${scroll.urls[badIndex]} is washed out (fetch fails)`,
        saw: describeValue(error),
        tryThis: 'let the error from `await fetch(url)` reach the caller: do not catch it and carry on',
      }),
    ).toBe(false);
    expect(
      scroll.meter.visits.map((visit) => visit.url),
      'after a page fails, the courier comes home: no later page is visited',
    ).toEqual(scroll.urls.slice(0, badIndex + 1));
  });
});

describe('timed', () => {
  test('passes the value through and shows the road: wall time far above CPU time', async (context) => {
    const scroll = lay(pages(4, LATENCY_MS));

    const { value: result, ms: callMs } = await measureWall(() => timed(() => readScroll(scroll.urls)));
    if (typeof result.wallMs === 'number' && typeof result.cpuMs === 'number' && result.wallMs > 0) {
      measured(
        context,
        `your timed(): 4 pages took ${formatMs(result.wallMs)}, of which ${formatMs(result.cpuMs)} thinking (${formatShare(result.cpuMs / result.wallMs)}): the rest was the road`,
        [
          { name: 'wall', value: result.wallMs, unit: 'ms' },
          { name: 'cpu', value: result.cpuMs, unit: 'ms' },
        ],
      );
    }

    expect(result.value).toEqual(scroll.bodies);
    expect(
      result.wallMs,
      explain({
        expected: `a wallMs no longer than the whole call took by the tests' clock (${callMs.toFixed(1)} ms)`,
        saw: `${result.wallMs}`,
        tryThis: 'wallMs is the difference of two readings: performance.now() after, minus before',
      }),
    ).toBeLessThanOrEqual(callMs + 1);
    expect(
      result.wallMs,
      explain({
        expected: `wallMs of at least ${0.9 * 4 * LATENCY_MS}`,
        saw: `${result.wallMs}`,
        tryThis: 'measure with performance.now() before and after awaiting fn()',
      }),
    ).toBeGreaterThanOrEqual(0.9 * 4 * LATENCY_MS);
    expect(
      result.cpuMs,
      explain({
        expected: 'cpuMs well under half of wallMs for a task that mostly waits',
        saw: `cpuMs ${result.cpuMs.toFixed(1)} with wallMs ${result.wallMs.toFixed(1)}`,
        tryThis: 'CPU time comes from process.cpuUsage(), not from the wall clock',
      }),
    ).toBeLessThan(result.wallMs / 2);
    expect(result.cpuMs, 'cpuMs is a duration and cannot be negative').toBeGreaterThanOrEqual(0);
  });

  test('shows thinking: for busy work, CPU time matches the work done', async () => {
    const random = seededRandom();
    const burnMs = random.int(120, 200);

    // The task burns a fixed amount of CPU time, measured by the test itself,
    // so the expected figure holds even when the machine is shared and the
    // wall clock runs ahead of the CPU clock.
    const result = await timed(() => {
      const start = process.cpuUsage();
      let turns = 0;
      for (;;) {
        turns += 1;
        const used = process.cpuUsage(start);
        if ((used.user + used.system) / 1000 >= burnMs) return turns;
      }
    });

    expect(result.value, 'the value fn returned should come back unchanged').toBeGreaterThan(0);
    expect(result.wallMs, `wallMs for ${burnMs} ms of computing`).toBeGreaterThanOrEqual(burnMs * 0.8);
    expect(
      result.cpuMs,
      explain({
        expected: `cpuMs close to ${burnMs} (the task computed for that long)`,
        saw: `cpuMs ${result.cpuMs.toFixed(1)} with wallMs ${result.wallMs.toFixed(1)}`,
        tryThis: 'use process.cpuUsage(before) and add user and system, converting µs to ms',
      }),
    ).toBeGreaterThanOrEqual(burnMs * 0.95);
    expect(result.cpuMs, 'cpuMs should be in milliseconds, not microseconds').toBeLessThan(burnMs * 2 + 20);
  });

  test('accepts a plain (non-promise) function too', async () => {
    const random = seededRandom();
    const value = random.int(1, 1_000_000);
    const result = await timed(() => value);
    expect(result.value).toBe(value);
    expect(result.wallMs).toBeGreaterThanOrEqual(0);
  });
});
