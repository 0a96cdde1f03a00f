// Preloaded (`node --require`) into the test process of a lesson whose
// exercise fetches pages from worker threads. Node runs `--require` preloads
// in every worker thread too, which is the point: msw started in the main
// thread does not see a worker's `fetch`. So in each worker thread `fetch` is
// replaced by a messenger that hands the request to the main thread (relay.ts)
// and builds a `Response` from the answer. There msw answers it from the
// scroll the test laid, with the same latency, faults and request meter as a
// request made by the main thread.
//
// The worker side does not load msw: msw takes ~150 ms of CPU to load, and
// four copies loading it on two cores made lesson 7's copies 1.65 s instead of
// 0.83 s for 16 pages of 150 ms, a start-up cost that was the test's, not the
// student's.
'use strict';

const { isMainThread, threadId } = require('node:worker_threads');

// Must match RELAY_CHANNEL in relay.ts.
const RELAY_CHANNEL = 'spellbook:scroll-relay';
// Must match SENT_FROM_THREAD in scroll.ts: tells the scroll's meter which thread sent the request.
const SENT_FROM_THREAD = 'x-spellbook-sent-from-thread';
// Statuses a Response may not carry a body with (the Fetch standard's null body
// statuses that fetch can return; 101 and 103 never reach a caller).
const NULL_BODY_STATUSES = new Set([204, 205, 304]);

if (!isMainThread) {
  let channel;
  const waiting = new Map();
  let sent = 0;

  function openChannel() {
    channel = new BroadcastChannel(RELAY_CHANNEL);
    // The channel keeps the thread alive only while an answer is awaited.
    channel.unref();
    channel.onmessage = ({ data }) => {
      const settle = waiting.get(data?.id);
      if (settle && (data.kind === 'response' || data.kind === 'failure')) settle(data);
    };
  }

  async function relay(request) {
    if (request.signal.aborted) throw request.signal.reason;
    const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
    const body = hasBody ? await request.text() : undefined;
    if (channel === undefined) openChannel();
    sent += 1;
    const id = `${threadId}:${sent}`;
    return new Promise((resolve, reject) => {
      const done = () => {
        waiting.delete(id);
        request.signal.removeEventListener('abort', onAbort);
        if (waiting.size === 0) channel.unref();
      };
      function onAbort() {
        done();
        channel.postMessage({ kind: 'abort', id });
        reject(request.signal.reason);
      }
      waiting.set(id, (reply) => {
        done();
        if (reply.kind === 'failure') {
          // What Node's own fetch throws when the network fails.
          reject(new TypeError('fetch failed', { cause: new Error(reply.message) }));
          return;
        }
        const response = new Response(NULL_BODY_STATUSES.has(reply.status) ? null : reply.body, {
          status: reply.status,
          statusText: reply.statusText,
          headers: reply.headers,
        });
        Object.defineProperty(response, 'url', { value: reply.url || request.url });
        resolve(response);
      });
      request.signal.addEventListener('abort', onAbort, { once: true });
      channel.ref();
      channel.postMessage({
        kind: 'request',
        id,
        url: request.url,
        method: request.method,
        headers: [...request.headers, [SENT_FROM_THREAD, String(threadId)]],
        body,
      });
    });
  }

  globalThis.fetch = function fetchThroughTheRelay(input, init) {
    try {
      return relay(new Request(input, init));
    } catch (error) {
      // An invalid URL or init rejects, as fetch does, rather than throwing.
      return Promise.reject(error);
    }
  };
}
