/**
 * The live experiment on the parallelism page: the reader's own machine,
 * measured in their browser, beside the authors' committed figures.
 *
 * 1. Threads for thinking: the primes below a limit summed by 1 … N Web
 *    Workers (N from `navigator.hardwareConcurrency`, at most 8), a warm set
 *    of workers started once, every count timed three times in turns; the
 *    speed-up is the one-worker time over each count's, medians.
 * 2. The event loop for waiting: 50 pages read through an in-page mock of a
 *    road that answers each after 50 ms (a timer, like the course's tests),
 *    with 1, 2, 5, 10, 25 and 50 requests in flight.
 *
 * The charts are uPlot (loaded by the page beside this script), redrawn as
 * each point arrives. When the run ends, `globalThis.liveExperiment` holds
 * the figures and the container's `data-state` is `done`; the site's browser
 * test reads both.
 *
 * @module
 */
import type { PrimeAnswer, PrimeJob } from './prime-worker.ts';

/** The authors' figures, written into the page by the site's build from bench/results/latest.json. */
interface Reference {
  readonly machine: string;
  /** [copies, speed-up] of a warm pool of Node worker threads. */
  readonly warm: ReadonlyArray<readonly [number, number]>;
  /** [requests in flight, ms] for 50 mocked pages of 50 ms. */
  readonly band: ReadonlyArray<readonly [number, number]>;
}

/** What the experiment measured, for the reader and the site's test. */
export interface LiveResults {
  readonly workers: number;
  readonly limit: number;
  readonly primes: Array<{ workers: number; ms: number; speedup: number }>;
  readonly fetches: Array<{ inFlight: number; ms: number }>;
}

interface Chart {
  setData(data: Array<Array<number | null>>): void;
  readonly data: Array<Array<number | null>>;
}
type ChartConstructor = new (
  options: object,
  data: Array<Array<number | null>>,
  target: HTMLElement,
) => Chart;

const LIMIT = 3_000_000;
const ROUNDS = 3;
const PAGES = 50;
const LATENCY_MS = 50;
const IN_FLIGHT = [1, 2, 5, 10, 25, 50];

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? Number.NaN)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};

/** `LIMIT` cut into many small spans, dealt to `count` workers in turn so that each gets a fair share of large numbers. */
function deal(count: number): Array<Array<[number, number]>> {
  const spans = count * 16;
  const width = Math.ceil(LIMIT / spans);
  const shares: Array<Array<[number, number]>> = Array.from({ length: count }, () => []);
  for (let index = 0; index < spans; index += 1) {
    shares[index % count]?.push([index * width, Math.min(LIMIT, (index + 1) * width)]);
  }
  return shares;
}

class WorkerSet {
  readonly #workers: Worker[];
  #next = 0;
  readonly #waiting = new Map<number, (answer: PrimeAnswer) => void>();

  constructor(count: number) {
    this.#workers = Array.from({ length: count }, () => {
      const worker = new Worker(new URL('./prime-worker.js', import.meta.url), { type: 'module' });
      worker.addEventListener('message', (event: MessageEvent<PrimeAnswer>) => {
        this.#waiting.get(event.data.id)?.(event.data);
        this.#waiting.delete(event.data.id);
      });
      return worker;
    });
  }

  /** Sums the primes below `LIMIT` on the first `count` workers; resolves with the sum and the wall time. */
  async sum(count: number): Promise<{ sum: number; ms: number }> {
    const started = performance.now();
    const answers = await Promise.all(
      deal(count).map(
        (spans, index) =>
          new Promise<PrimeAnswer>((resolve) => {
            const id = (this.#next += 1);
            this.#waiting.set(id, resolve);
            this.#workers[index]?.postMessage({ id, spans } satisfies PrimeJob);
          }),
      ),
    );
    return { sum: answers.reduce((total, answer) => total + answer.sum, 0), ms: performance.now() - started };
  }

  close(): void {
    for (const worker of this.#workers) worker.terminate();
  }
}

/** A fetch-shaped road of our own: every page answers after `LATENCY_MS`, nothing leaves the page. */
function road(url: string): Promise<Response> {
  return new Promise((resolve) => setTimeout(() => resolve(new Response(`the words of ${url}`)), LATENCY_MS));
}

/** Reads every page with at most `inFlight` requests on the road at once; resolves with the wall time. */
async function readWithBand(inFlight: number): Promise<number> {
  const urls = Array.from({ length: PAGES }, (_, index) => `https://scroll.invalid/page/${index}`);
  let next = 0;
  const started = performance.now();
  const messenger = async (): Promise<void> => {
    while (next < urls.length) {
      const url = urls[next] ?? '';
      next += 1;
      await (await road(url)).text();
    }
  };
  await Promise.all(Array.from({ length: inFlight }, messenger));
  return performance.now() - started;
}

/** Series aligned on one sorted x axis (null where a series has no point). */
function aligned(
  series: ReadonlyArray<ReadonlyArray<readonly [number, number]>>,
): Array<Array<number | null>> {
  const xs = [...new Set(series.flatMap((points) => points.map(([x]) => x)))].sort((a, b) => a - b);
  return [xs, ...series.map((points) => xs.map((x) => points.find(([px]) => px === x)?.[1] ?? null))];
}

function chart(
  uPlot: ChartConstructor,
  target: HTMLElement,
  title: string,
  axes: readonly [string, string],
  labels: readonly string[],
  data: Array<Array<number | null>>,
): Chart {
  const colours = ['#2f6db5', '#d9822b', '#3a9a5b'];
  return new uPlot(
    {
      title,
      width: Math.min(720, target.clientWidth || 720),
      height: 300,
      // The y axis from zero, so that a point's height is its value.
      scales: {
        x: { time: false },
        y: { range: (_u: unknown, _min: number, max: number) => [0, max > 0 ? max * 1.1 : 1] },
      },
      axes: [{ label: axes[0] }, { label: axes[1] }],
      series: [
        { label: axes[0] },
        ...labels.map((label, index) => ({
          label,
          stroke: colours[index % colours.length],
          width: 2,
          dash: index === 0 ? undefined : [6, 4],
          spanGaps: true,
          points: { show: true, size: 7 },
        })),
      ],
    },
    data,
    target,
  );
}

async function run(root: HTMLElement, reference: Reference, uPlot: ChartConstructor): Promise<void> {
  const status = root.querySelector<HTMLElement>('[data-live="status"]');
  const say = (text: string): void => {
    if (status) status.textContent = text;
  };
  const logical = navigator.hardwareConcurrency || 2;
  const most = Math.min(Math.max(logical, 2), 8);
  const results: LiveResults = { workers: most, limit: LIMIT, primes: [], fetches: [] };
  root.dataset['state'] = 'running';

  const counts = Array.from({ length: most }, (_, index) => index + 1);
  const primesTarget = root.querySelector<HTMLElement>('[data-live="primes"]');
  const fetchesTarget = root.querySelector<HTMLElement>('[data-live="fetches"]');
  if (!primesTarget || !fetchesTarget) {
    throw new Error('the live experiment’s page is missing its chart areas');
  }
  primesTarget.replaceChildren();
  fetchesTarget.replaceChildren();
  const ideal = counts.map((count): [number, number] => [count, Math.min(count, logical)]);
  const primesChart = chart(
    uPlot,
    primesTarget,
    `Speed-up against one worker, primes below ${LIMIT.toLocaleString('en')}`,
    ['Web Workers', 'speed-up (×)'],
    [
      'this browser, now',
      `${reference.machine}: Node worker threads, a warm pool`,
      `ideal here: min(workers, ${logical})`,
    ],
    aligned([[], reference.warm, ideal]),
  );

  say(`Starting ${most} Web Workers…`);
  const workers = new WorkerSet(most);
  try {
    await workers.sum(most); // a warm-up: every worker loaded and compiled before any timing
    const times = new Map<number, number[]>(counts.map((count) => [count, []]));
    for (let round = 1; round <= ROUNDS; round += 1) {
      for (const count of counts) {
        say(
          `Summing the primes with ${count} worker${count === 1 ? '' : 's'} (round ${round} of ${ROUNDS})…`,
        );
        const { ms } = await workers.sum(count);
        times.get(count)?.push(ms);
        const one = median(times.get(1) ?? []);
        results.primes.splice(0, results.primes.length);
        for (const [workersUsed, runs] of times) {
          if (runs.length > 0) {
            const time = median(runs);
            results.primes.push({ workers: workersUsed, ms: time, speedup: one / time });
          }
        }
        primesChart.setData(
          aligned([results.primes.map((point) => [point.workers, point.speedup]), reference.warm, ideal]),
        );
      }
    }
  } finally {
    workers.close();
  }

  const fetchesChart = chart(
    uPlot,
    fetchesTarget,
    `${PAGES} pages of ${LATENCY_MS} ms: time against requests in flight`,
    ['requests in flight at once', 'time (ms)'],
    ['this browser, now', `${reference.machine}: Node and msw`],
    aligned([[], reference.band]),
  );
  for (const inFlight of IN_FLIGHT) {
    say(`Reading ${PAGES} pages with ${inFlight} in flight…`);
    results.fetches.push({ inFlight, ms: await readWithBand(inFlight) });
    fetchesChart.setData(
      aligned([results.fetches.map((point) => [point.inFlight, point.ms]), reference.band]),
    );
  }

  const two = results.primes.find((point) => point.workers === 2)?.speedup ?? Number.NaN;
  const best = results.primes.reduce((top, point) => (point.speedup > top.speedup ? point : top));
  say(
    `Done. ${logical} logical CPUs reported; 2 workers were ${two.toFixed(2)}× as fast as one, ` +
      `and the best was ${best.speedup.toFixed(2)}× with ${best.workers}. ` +
      `${PAGES} pages took ${Math.round(results.fetches[0]?.ms ?? 0)} ms one at a time and ` +
      `${Math.round(results.fetches.at(-1)?.ms ?? 0)} ms all at once.`,
  );
  (globalThis as unknown as { liveExperiment: LiveResults }).liveExperiment = results;
  root.dataset['state'] = 'done';
}

const root = document.getElementById('live-experiment');
const referenceText = document.getElementById('live-reference')?.textContent;
const uPlot = (globalThis as unknown as { uPlot?: ChartConstructor }).uPlot;
const button = root?.querySelector<HTMLButtonElement>('[data-live="run"]');
if (root && referenceText && uPlot && button) {
  const reference = JSON.parse(referenceText) as Reference;
  root.dataset['state'] = 'ready';
  button.addEventListener('click', () => {
    button.disabled = true;
    run(root, reference, uPlot)
      .catch((error: unknown) => {
        root.dataset['state'] = 'failed';
        const status = root.querySelector<HTMLElement>('[data-live="status"]');
        if (status) status.textContent = `The experiment stopped: ${(error as Error).message}`;
      })
      .finally(() => {
        button.disabled = false;
      });
  });
}
