import { describe, expect, test } from 'vitest';
import { pages, useScrollServer } from '../src/scroll.ts';
import { seededRandom } from '../src/random.ts';

const { lay } = useScrollServer();

describe('the mocked scroll', () => {
  test('serves each page after its latency and meters the visit', async () => {
    const scroll = lay(pages(2, 40));
    const started = performance.now();
    const texts = await Promise.all(scroll.urls.map(async (url) => (await fetch(url)).text()));
    const elapsed = performance.now() - started;

    expect(texts).toEqual(scroll.bodies);
    expect(elapsed).toBeGreaterThanOrEqual(38);
    expect(scroll.meter.peakInFlight).toBe(2);
    expect(scroll.meter.visits.every((visit) => visit.outcome === 'answered' && visit.status === 200)).toBe(
      true,
    );
  });

  test('draws latencies from a range with a seeded source', () => {
    const random = seededRandom(3);
    const specs = pages(20, [10, 30], random);
    expect(specs.every(({ latencyMs }) => latencyMs >= 10 && latencyMs <= 30)).toBe(true);
    expect(() => pages(2, [10, 30])).toThrow(/needs a SeededRandom/);
  });

  test('a missing page answers 404 every time', async () => {
    const scroll = lay([{ latencyMs: 5, fault: { kind: 'not-found' } }]);
    const url = scroll.urls[0] ?? '';
    expect((await fetch(url)).status).toBe(404);
    expect((await fetch(url)).status).toBe(404);
  });

  test('a busy page answers 503 for its first attempts, then 200', async () => {
    const scroll = lay([{ latencyMs: 5, fault: { kind: 'unavailable', times: 2 } }]);
    const url = scroll.urls[0] ?? '';
    const statuses = [];
    for (let i = 0; i < 3; i += 1) statuses.push((await fetch(url)).status);
    expect(statuses).toEqual([503, 503, 200]);
  });

  test('an unreachable page makes fetch reject', async () => {
    const scroll = lay([{ latencyMs: 5, fault: { kind: 'unreachable' } }]);
    await expect(fetch(scroll.urls[0] ?? '')).rejects.toThrow(TypeError);
    expect(scroll.meter.visits[0]?.outcome).toBe('refused');
  });

  test('a silent page holds the request until the caller gives up', async () => {
    const scroll = lay([{ latencyMs: 5, fault: { kind: 'silent' } }]);
    const started = performance.now();
    await expect(fetch(scroll.urls[0] ?? '', { signal: AbortSignal.timeout(80) })).rejects.toThrow();
    expect(performance.now() - started).toBeGreaterThanOrEqual(75);
    await expect.poll(() => scroll.meter.visits[0]?.outcome).toBe('abandoned');
  });

  test('a request to a place that is not on any scroll fails', async () => {
    await expect(fetch('https://elsewhere.example/')).rejects.toThrow();
  });

  test('every scroll has its own host and fresh bodies', () => {
    const first = lay(pages(1, 5));
    const second = lay(pages(1, 5));
    expect(new URL(first.urls[0] ?? '').host).not.toBe(new URL(second.urls[0] ?? '').host);
    expect(first.bodies[0]).not.toBe(second.bodies[0]);
  });
});
