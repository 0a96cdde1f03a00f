// Preloaded (`node --require`) into the test process of a lesson whose
// exercise fetches pages from worker threads. Node runs `--require` preloads
// in every worker thread too, which is the point: msw started in the main
// thread does not see a worker's `fetch`, so each worker gets an msw server of
// its own whose only handler relays the request to the main thread. There it
// meets the scroll the test laid, with the same latency, faults and request
// meter as a request made by the main thread.
//
// msw takes ~150 ms to load, so it is loaded on a worker's first `fetch`,
// not when the worker starts: a worker that never fetches (lesson 7's
// `costOfACopy`) starts as fast as it would without the test harness.
'use strict';

const { isMainThread, threadId } = require('node:worker_threads');

// Must match RELAY_CHANNEL in relay.ts.
const RELAY_CHANNEL = 'spellbook:scroll-relay';
// Must match SENT_FROM_THREAD in scroll.ts: tells the scroll's meter which thread sent the request.
const SENT_FROM_THREAD = 'x-spellbook-sent-from-thread';

if (!isMainThread) {
  const realFetch = globalThis.fetch;
  globalThis.fetch = function fetchOnceMswIsListening(...args) {
    // Put the real fetch back first: msw keeps whatever fetch it finds as
    // the one to fall back on, and then replaces it with its own.
    globalThis.fetch = realFetch;
    startRelay();
    return globalThis.fetch(...args);
  };
}

function startRelay() {
  const { setupServer } = require('msw/node');
  const { http, HttpResponse } = require('msw');

  const channel = new BroadcastChannel(RELAY_CHANNEL);
  const waiting = new Map();
  // The channel keeps the thread alive only while an answer is awaited.
  channel.unref();
  channel.onmessage = ({ data }) => {
    const settle = waiting.get(data?.id);
    if (settle && (data.kind === 'response' || data.kind === 'failure')) settle(data);
  };
  let sent = 0;

  const server = setupServer(
    http.all('*', async ({ request }) => {
      sent += 1;
      const id = `${threadId}:${sent}`;
      const answer = new Promise((resolve) => {
        waiting.set(id, resolve);
        request.signal.addEventListener(
          'abort',
          () => {
            channel.postMessage({ kind: 'abort', id });
            resolve({ kind: 'failure', id, message: 'aborted' });
          },
          { once: true },
        );
      });
      const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
      channel.ref();
      channel.postMessage({
        kind: 'request',
        id,
        url: request.url,
        method: request.method,
        headers: [...request.headers, [SENT_FROM_THREAD, String(threadId)]],
        body: hasBody ? await request.text() : undefined,
      });
      const reply = await answer;
      waiting.delete(id);
      if (waiting.size === 0) channel.unref();
      if (reply.kind === 'failure') return HttpResponse.error();
      return new HttpResponse(reply.body, {
        status: reply.status,
        statusText: reply.statusText,
        headers: reply.headers,
      });
    }),
  );
  server.listen({ onUnhandledRequest: 'bypass' });
}
