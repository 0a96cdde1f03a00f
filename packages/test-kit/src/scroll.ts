/**
 * The scroll: a list of far-away pages served by msw with a latency of our
 * choosing, so that IO lessons can be tested without a network and with the
 * road's length under the test's control.
 *
 * @module
 */
import { delay, http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { RequestMeter } from './meter.ts';

/**
 * The header with which the worker relay (relay/worker-preload.cjs) marks a
 * request sent from a worker thread: its `threadId`. Must match
 * SENT_FROM_THREAD there.
 */
export const SENT_FROM_THREAD = 'x-spellbook-sent-from-thread';
import type { SeededRandom } from './random.ts';

/** Something that goes wrong at a page. */
export type Fault =
  /** The page does not exist: 404 on every attempt. */
  | { readonly kind: 'not-found' }
  /** The page is busy: 503 for the first `times` attempts, then 200. */
  | { readonly kind: 'unavailable'; readonly times: number }
  /** The page never answers; the request ends only when the caller gives up. */
  | { readonly kind: 'silent' }
  /** The road is washed out: after the latency the request fails with a network error (fetch rejects). */
  | { readonly kind: 'unreachable' };

/** One page of a scroll. */
export interface PageSpec {
  /** How long the page takes to answer, in milliseconds. */
  readonly latencyMs: number;
  /** The place's name, used for its path and body; made up when absent. */
  readonly place?: string;
  /** What goes wrong there, if anything. */
  readonly fault?: Fault;
  /** What the page says; by default a line of news with a fresh token, so an answer cannot be written down in advance. */
  readonly body?: string;
}

/** A scroll laid out on the mocked server for one test. */
export interface Scroll {
  /** The pages' URLs, in scroll order. */
  readonly urls: string[];
  /** The body each page answers with (when it answers), in scroll order. */
  readonly bodies: string[];
  /** The pages as specified, in scroll order. */
  readonly pages: readonly PageSpec[];
  /** What the server saw. */
  readonly meter: RequestMeter;
}

/** Names for the places on a scroll, from the world of the story. */
export const PLACES = [
  'brackenford',
  'saltmere-light',
  'the-ninefold-abbey',
  'cinderholt',
  'thornwick-mill',
  'ferrow-crossing',
  'dunmarrow-keep',
  'highcairn',
  'wickerbay',
  'stillwater-ferry',
  'ashenvale',
  'the-glass-moors',
  'orrin-quay',
  'lowbarrow',
  'kestrel-pass',
  'mossgate',
] as const;

let scrollsLaid = 0;

/**
 * `count` healthy pages, each with the same latency, or with latencies drawn
 * between `latencyMs[0]` and `latencyMs[1]` when a range and a random source are
 * given.
 */
export function pages(
  count: number,
  latencyMs: number | readonly [min: number, max: number],
  random?: SeededRandom,
): PageSpec[] {
  return Array.from({ length: count }, () => {
    if (typeof latencyMs === 'number') return { latencyMs };
    if (!random) throw new Error('pages(): a latency range needs a SeededRandom');
    return { latencyMs: random.int(latencyMs[0], latencyMs[1]) };
  });
}

/** A mocked server that scrolls can be laid on. */
export interface ScrollServer {
  /** Starts intercepting requests; anything not on a laid scroll fails. */
  listen(): void;
  /** Removes every laid scroll. */
  reset(): void;
  /** Stops intercepting. */
  close(): void;
  /** Puts a scroll on the server and returns its URLs, expected bodies and meter. */
  lay(specs: readonly PageSpec[]): Scroll;
}

/**
 * Starts the mocked server for a test file and returns `lay`, which puts a
 * scroll on it for one test. Call once, at the top of a test file.
 *
 * Requests to anything that is not on a laid scroll fail the test, so a
 * solution cannot quietly reach the real network.
 *
 * @example
 * ```ts
 * const { lay } = useScrollServer();
 * test('reads every page', async () => {
 *   const scroll = lay(pages(5, 80));
 *   expect(await readScroll(scroll.urls)).toEqual(scroll.bodies);
 *   expect(scroll.meter.peakInFlight).toBe(1);
 * });
 * ```
 */
export function useScrollServer(): Pick<ScrollServer, 'lay'> {
  const server = createScrollServer();
  beforeAll(() => server.listen());
  afterEach(() => server.reset());
  afterAll(() => server.close());
  return { lay: (specs) => server.lay(specs) };
}

/** A scroll server outside of a test file (benchmarks, scripts): start and stop it yourself. */
export function createScrollServer(): ScrollServer {
  const server = setupServer();

  function lay(specs: readonly PageSpec[]): Scroll {
    scrollsLaid += 1;
    // Each scroll gets a host of its own, so a request left over from an
    // earlier test can never be counted by this one's meter.
    const origin = `https://scroll-${scrollsLaid}.lanternfold.test`;
    const token = Math.random().toString(36).slice(2, 8);
    const meter = new RequestMeter();
    const urls: string[] = [];
    const bodies: string[] = [];

    const byPath = new Map<string, { spec: PageSpec; url: string; body: string }>();
    specs.forEach((spec, index) => {
      const place = spec.place ?? PLACES[index % PLACES.length] ?? 'somewhere';
      const path = `/${String(index + 1).padStart(2, '0')}-${place}`;
      const url = `${origin}${path}`;
      // The news carries a fresh token, so an answer cannot be written down in advance.
      const body = spec.body ?? `News from ${place.replaceAll('-', ' ')} (${token}-${index + 1})`;
      urls.push(url);
      bodies.push(body);
      byPath.set(path, { spec, url, body });
    });

    // One handler for the whole scroll, looking the page up by its path: msw
    // tries handlers one by one, so a handler per page would make each
    // request's cost grow with the length of the scroll.
    server.use(
      http.get(`${origin}/:page`, async ({ request }) => {
        const page = byPath.get(new URL(request.url).pathname);
        if (!page) return new HttpResponse('This place is not on the scroll.', { status: 404 });
        const { spec, url, body } = page;
        const visit = meter.start(url, Number(request.headers.get(SENT_FROM_THREAD) ?? 0) || 0);
        const abandoned = new Promise<'abandoned'>((resolve) => {
          if (request.signal.aborted) resolve('abandoned');
          request.signal.addEventListener('abort', () => resolve('abandoned'), { once: true });
        });
        if (spec.fault?.kind === 'silent') {
          await abandoned;
          meter.end(visit, 'abandoned');
          return HttpResponse.error();
        }
        const outcome = await Promise.race([delay(spec.latencyMs).then(() => 'arrived' as const), abandoned]);
        if (outcome === 'abandoned') {
          meter.end(visit, 'abandoned');
          return HttpResponse.error();
        }
        const fault = spec.fault;
        if (fault?.kind === 'unreachable') {
          meter.end(visit, 'refused');
          return HttpResponse.error();
        }
        if (fault?.kind === 'not-found') {
          meter.end(visit, 'refused', 404);
          return new HttpResponse(`No such place: ${new URL(url).pathname}`, { status: 404 });
        }
        if (fault?.kind === 'unavailable' && visit.attempt <= fault.times) {
          meter.end(visit, 'refused', 503);
          return new HttpResponse('The road is flooded; try again later.', { status: 503 });
        }
        meter.end(visit, 'answered', 200);
        return HttpResponse.text(body);
      }),
    );

    return { urls, bodies, pages: specs, meter };
  }

  return {
    listen: () => server.listen({ onUnhandledRequest: 'error' }),
    reset: () => server.resetHandlers(),
    close: () => server.close(),
    lay,
  };
}
