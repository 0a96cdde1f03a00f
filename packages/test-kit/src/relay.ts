/**
 * The main thread's end of the worker relay. A lesson whose exercise fetches
 * from worker threads sets `scrollInWorkers: true` in its vitest config; the
 * preset then preloads `relay/worker-preload.cjs` into every worker thread,
 * where a stand-in for `fetch` hands each request to this relay. The relay makes the same
 * request here, in the main thread, where the test's {@link useScrollServer}
 * answers it: the same pages, the same latency, and one {@link RequestMeter}
 * that counts every request in flight, whichever thread made it.
 *
 * @module
 */
import { BroadcastChannel } from 'node:worker_threads';
import { afterAll, beforeAll } from 'vitest';

// Must match RELAY_CHANNEL in relay/worker-preload.cjs.
const RELAY_CHANNEL = 'spellbook:scroll-relay';

type RelayMessage =
  | {
      kind: 'request';
      id: string;
      url: string;
      method: string;
      headers: [string, string][];
      body: string | undefined;
    }
  | { kind: 'abort'; id: string }
  | { kind: 'response' | 'failure'; id: string };

/**
 * Answers worker threads' requests from this thread until the returned
 * function is called. Requests still in flight then are aborted.
 */
export function openWorkerRelay(): () => void {
  const channel = new BroadcastChannel(RELAY_CHANNEL);
  const inFlight = new Map<string, AbortController>();

  async function answer(request: Extract<RelayMessage, { kind: 'request' }>): Promise<void> {
    const controller = new AbortController();
    inFlight.set(request.id, controller);
    try {
      const response = await fetch(request.url, {
        method: request.method,
        headers: request.headers,
        body: request.body,
        signal: controller.signal,
      });
      channel.postMessage({
        kind: 'response',
        id: request.id,
        url: response.url,
        status: response.status,
        statusText: response.statusText,
        headers: [...response.headers],
        body: await response.text(),
      });
    } catch (error) {
      channel.postMessage({ kind: 'failure', id: request.id, message: String(error) });
    } finally {
      inFlight.delete(request.id);
    }
  }

  channel.onmessage = (event: unknown) => {
    const message = (event as { data: RelayMessage }).data;
    if (message.kind === 'request') void answer(message);
    if (message.kind === 'abort') inFlight.get(message.id)?.abort();
  };
  return () => {
    for (const controller of inFlight.values()) controller.abort();
    channel.close();
  };
}

/**
 * Opens the worker relay for the whole test file. Call it at the top of a
 * test file, beside {@link useScrollServer}, in a lesson configured with
 * `scrollInWorkers: true`.
 */
export function useWorkerRelay(): void {
  let close: (() => void) | undefined;
  beforeAll(() => {
    close = openWorkerRelay();
  });
  afterAll(() => close?.());
}
