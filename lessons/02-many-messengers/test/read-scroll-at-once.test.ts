import {
  explain,
  formatMs,
  measured,
  measureWall,
  pages,
  seededRandom,
  useScrollServer,
  type PageSpec,
} from '@spellbook/test-kit';
import { describe, expect, test } from 'vitest';
import { readScrollAtOnce, readScrollSettled } from '../src/read-scroll-at-once.ts';

const { lay } = useScrollServer();

describe('readScrollAtOnce', () => {
  test('has every request on the road at the same time', async () => {
    const random = seededRandom();
    const scroll = lay(pages(random.int(5, 10), 120));

    await readScrollAtOnce(scroll.urls);

    expect(
      scroll.meter.peakInFlight,
      explain({
        expected: `all ${scroll.urls.length} requests in flight together`,
        saw: `at most ${scroll.meter.peakInFlight} at once`,
        tryThis: 'start every fetch first (urls.map) and only then await them all',
        detail: scroll.meter.timeline(),
      }),
    ).toBe(scroll.urls.length);
    const firstAnswer = Math.min(...scroll.meter.visits.map((visit) => visit.endMs ?? Infinity));
    expect(
      scroll.meter.startedAfter(firstAnswer),
      'every request should have started before the first answer came back',
    ).toEqual([]);
  });

  test('takes about as long as the slowest trip, not the sum of them', async (context) => {
    const random = seededRandom();
    const specs = pages(random.int(6, 10), [80, 200], random);
    const slowest = Math.max(...specs.map((spec) => spec.latencyMs));
    const sum = specs.reduce((total, spec) => total + spec.latencyMs, 0);
    const scroll = lay(specs);

    const { ms } = await measureWall(() => readScrollAtOnce(scroll.urls));
    measured(
      context,
      `${specs.length} pages at once: ${formatMs(ms)}, against ${slowest} ms for the slowest trip and ${sum} ms for all of them one after another`,
      [
        { name: 'wall', value: ms, unit: 'ms', bar: 2 * slowest },
        { name: 'slowest', value: slowest, unit: 'ms' },
        { name: 'sum', value: sum, unit: 'ms' },
        // Time as a share of the trips one after another, against requests in flight.
        { name: 'share', value: ms / sum, unit: 'share', x: specs.length },
      ],
    );

    expect(
      ms,
      explain({
        expected: `under ${2 * slowest} ms (twice the slowest page, ${slowest} ms; one at a time would take ${sum} ms)`,
        saw: `${Math.round(ms)} ms`,
        tryThis: 'do not await inside a loop; await Promise.all of every request',
        detail: scroll.meter.timeline(),
      }),
    ).toBeLessThan(2 * slowest);
  });

  test('keeps scroll order even when answers come back in another order', async () => {
    const random = seededRandom();
    const specs = pages(8, [20, 160], random);
    const scroll = lay(specs);

    const texts = await readScrollAtOnce(scroll.urls);

    expect(
      texts,
      explain({
        expected: 'the texts in scroll order',
        saw: JSON.stringify(texts),
        tryThis: 'Promise.all keeps the order of the array you give it; do not push results as they arrive',
      }),
    ).toEqual(scroll.bodies);
  });

  test('rejects naming the page and its status when one page fails', async () => {
    const random = seededRandom();
    const badIndex = random.int(0, 4);
    const scroll = lay(
      pages(5, 40).map((page, i) => (i === badIndex ? { ...page, fault: { kind: 'not-found' } } : page)),
    );
    const badUrl = scroll.urls[badIndex] ?? '';

    const error = await readScrollAtOnce(scroll.urls).then(
      () => undefined,
      (reason: unknown) => reason,
    );

    expect(error, `expected a rejection because ${badUrl} answered 404`).toBeInstanceOf(Error);
    expect((error as Error).message).toContain(badUrl);
    expect((error as Error).message).toContain('404');
  });

  test('an empty scroll gives an empty list', async () => {
    expect(await readScrollAtOnce([])).toEqual([]);
  });
});

describe('readScrollSettled', () => {
  test('returns every good page and a clear error entry for each bad one, in order', async () => {
    const random = seededRandom();
    const faults: Array<PageSpec['fault']> = [
      undefined,
      undefined,
      undefined,
      { kind: 'not-found' },
      { kind: 'unavailable', times: 9 },
      { kind: 'unreachable' },
    ];
    const arranged = random.shuffle(faults);
    const scroll = lay(
      arranged.map((fault) => ({ latencyMs: random.int(20, 90), ...(fault ? { fault } : {}) })),
    );

    const outcomes = await readScrollSettled(scroll.urls);

    expect(outcomes, 'one entry per page').toHaveLength(scroll.urls.length);
    arranged.forEach((fault, index) => {
      const outcome = outcomes[index];
      const url = scroll.urls[index];
      expect(outcome?.url, `entry ${index} should be for ${url}`).toBe(url);
      if (fault === undefined) {
        expect(outcome, `${url} answered well`).toEqual({ url, ok: true, body: scroll.bodies[index] });
        return;
      }
      expect(outcome?.ok, `${url} failed (${fault.kind}), so its entry should have ok: false`).toBe(false);
      const error = outcome && !outcome.ok ? outcome.error : '';
      expect(
        typeof error === 'string' && error.length > 0,
        `${url}: the error should say what went wrong`,
      ).toBe(true);
      if (fault.kind === 'not-found') expect(error, `${url} answered 404`).toContain('404');
      if (fault.kind === 'unavailable') expect(error, `${url} answered 503`).toContain('503');
    });
  });

  test('sends every request at once, bad pages included', async () => {
    const scroll = lay([
      { latencyMs: 100 },
      { latencyMs: 100, fault: { kind: 'not-found' } },
      { latencyMs: 100 },
      { latencyMs: 100, fault: { kind: 'unreachable' } },
    ]);

    await readScrollSettled(scroll.urls);

    expect(
      scroll.meter.peakInFlight,
      explain({
        expected: '4 requests in flight together',
        saw: `${scroll.meter.peakInFlight}`,
        tryThis: 'Promise.allSettled over every request, started together',
        detail: scroll.meter.timeline(),
      }),
    ).toBe(4);
  });
});
