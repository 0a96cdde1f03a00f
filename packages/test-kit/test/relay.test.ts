import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { describe, expect, test } from 'vitest';
import { useWorkerRelay } from '../src/relay.ts';
import { useScrollServer } from '../src/scroll.ts';

const { lay } = useScrollServer();
useWorkerRelay();

const preload = fileURLToPath(new URL('../src/relay/worker-preload.cjs', import.meta.url));

/** What a worker's one `fetch` came to. */
type Fetched =
  | { ok: true; status: number; url: string; text: string; threadId: number }
  | { ok: false; name: string; message: string; cause?: string };

// The worker loads the relay as `--require` would, then makes one request.
const fetchingWorker = `
const { workerData, parentPort, threadId } = require('node:worker_threads');
require(workerData.preload);
(async () => {
  try {
    const init = workerData.timeoutMs ? { signal: AbortSignal.timeout(workerData.timeoutMs) } : undefined;
    const response = await fetch(workerData.url, init);
    parentPort.postMessage({ ok: true, status: response.status, url: response.url, text: await response.text(), threadId });
  } catch (error) {
    parentPort.postMessage({ ok: false, name: error.name, message: error.message, cause: error.cause?.message });
  }
})();
`;

/** Fetches `url` in a new worker thread and resolves once the thread has ended on its own. */
function fetchInWorker(url: string, timeoutMs?: number): Promise<{ fetched: Fetched; exitCode: number }> {
  return new Promise((resolve, reject) => {
    let fetched: Fetched | undefined;
    const worker = new Worker(fetchingWorker, { eval: true, workerData: { preload, url, timeoutMs } });
    const stuck = setTimeout(() => {
      void worker.terminate();
      reject(new Error('the worker did not end on its own within 5 s'));
    }, 5_000);
    worker.on('message', (message: Fetched) => (fetched = message));
    worker.on('error', reject);
    worker.on('exit', (exitCode) => {
      clearTimeout(stuck);
      if (fetched) resolve({ fetched, exitCode });
      else reject(new Error(`the worker ended (code ${exitCode}) without an answer`));
    });
  });
}

describe("the worker relay: a worker thread's fetch, answered by the main thread's scroll", () => {
  test('a page arrives after its latency, with its status, body and URL, metered as sent from that thread', async () => {
    const scroll = lay([{ latencyMs: 60 }]);
    const started = performance.now();
    const { fetched, exitCode } = await fetchInWorker(scroll.urls[0]!);
    expect(fetched).toMatchObject({ ok: true, status: 200, url: scroll.urls[0], text: scroll.bodies[0] });
    expect(performance.now() - started).toBeGreaterThanOrEqual(58);
    expect(exitCode, 'the relay must not keep a worker alive once its answer is in').toBe(0);
    const [visit] = scroll.meter.visits;
    expect(visit?.outcome).toBe('answered');
    expect(visit?.threadId).toBe(fetched.ok ? fetched.threadId : -1);
  });

  test.each([
    ['not there', 404, { kind: 'not-found' } as const],
    ['busy', 503, { kind: 'unavailable', times: 1 } as const],
  ])('a page that is %s answers %i, with its apology as the body', async (_label, status, fault) => {
    const scroll = lay([{ latencyMs: 5, fault }]);
    const { fetched } = await fetchInWorker(scroll.urls[0]!);
    expect(fetched).toMatchObject({ ok: true, status });
    expect(fetched.ok && fetched.text.length).toBeGreaterThan(0);
  });

  test("a page that cannot be reached rejects as Node's fetch does: TypeError 'fetch failed'", async () => {
    const scroll = lay([{ latencyMs: 5, fault: { kind: 'unreachable' } }]);
    const { fetched } = await fetchInWorker(scroll.urls[0]!);
    expect(fetched).toMatchObject({ ok: false, name: 'TypeError', message: 'fetch failed' });
  });

  test("a request given up by the worker's signal rejects with the signal's reason, and the page sees it abandoned", async () => {
    const scroll = lay([{ latencyMs: 5, fault: { kind: 'silent' } }]);
    const { fetched, exitCode } = await fetchInWorker(scroll.urls[0]!, 80);
    expect(fetched).toMatchObject({ ok: false, name: 'TimeoutError' });
    expect(exitCode).toBe(0);
    await expect.poll(() => scroll.meter.visits[0]?.outcome, { timeout: 2_000 }).toBe('abandoned');
  });

  test('an invalid URL rejects (it does not throw) and sends nothing', async () => {
    const { fetched } = await fetchInWorker('not a url');
    expect(fetched).toMatchObject({ ok: false, name: 'TypeError' });
  });
});
