/**
 * Where work ran, seen from the main thread: how much of it the main thread
 * did itself, and what it handed to other threads through `postMessage`.
 * For work a chapter says belongs on worker threads (chapter 9's tally, a
 * scroll handed over), these are the observations a test can make at run
 * time without reading the student's source.
 *
 * @module
 */
import { MessagePort, Worker } from 'node:worker_threads';
import { cpuMs, now } from './clocks.ts';
import { startHeartbeat } from './heartbeat.ts';
import { threadCpuMs, threadCpuSource } from './probe/thread-cpu.mjs';

/** What the main thread did while some code ran. */
export interface MainThreadWork<T> {
  readonly value: T;
  /** CPU time of the main thread alone, in ms; `undefined` where the platform cannot tell (then see the heartbeat). */
  readonly mainCpuMs: number | undefined;
  /** CPU time of the whole process, every thread, in ms. */
  readonly processCpuMs: number;
  /** The longest the main thread's event loop went without running a timer, in ms. */
  readonly longestGapMs: number;
  /** How many times the heartbeat's timer ran. */
  readonly beats: number;
  readonly wallMs: number;
  /** The figures, for a failure message. */
  readonly text: string;
}

/**
 * Runs `fn` and measures the main thread's own CPU time (where the platform
 * can tell one thread from the others: `process.threadCpuUsage` or Linux's
 * /proc) and how long its event loop was blocked, from a heartbeat of
 * `heartbeatMs` (2 ms unless given).
 */
export async function mainThreadWorkDuring<T>(
  fn: () => Promise<T> | T,
  heartbeatMs = 2,
): Promise<MainThreadWork<T>> {
  const wallStart = now();
  const processStart = cpuMs();
  const mainStart = threadCpuMs();
  const heartbeat = startHeartbeat(heartbeatMs);
  const value = await fn();
  const { longestGapMs, beats } = heartbeat.stop();
  const mainEnd = threadCpuMs();
  const mainCpuMs = mainStart === undefined || mainEnd === undefined ? undefined : mainEnd - mainStart;
  const processCpuMs = cpuMs() - processStart;
  const wallMs = now() - wallStart;
  const text =
    `main thread ${mainCpuMs === undefined ? `CPU not measurable here (${threadCpuSource})` : `${Math.round(mainCpuMs)} ms CPU`}, ` +
    `all threads ${Math.round(processCpuMs)} ms CPU, in ${Math.round(wallMs)} ms; ` +
    `the main thread's longest block ${Math.round(longestGapMs)} ms`;
  return { value, mainCpuMs, processCpuMs, longestGapMs, beats, wallMs, text };
}

/** One ArrayBuffer found in a posted message. */
export interface PostedBuffer {
  readonly buffer: ArrayBuffer;
  /** Its size when it was posted (a transferred buffer is empty afterwards). */
  readonly byteLength: number;
  /** True when it was in the message's transfer list: handed over, not copied. */
  readonly transferred: boolean;
}

/** One call of `postMessage` on a Worker or a MessagePort. */
export interface PostedMessage {
  readonly to: 'worker' | 'port';
  readonly buffers: readonly PostedBuffer[];
}

/** The ArrayBuffers in a message: itself, a view's buffer, or inside arrays and plain objects (two levels). */
function buffersIn(value: unknown, depth = 0): ArrayBuffer[] {
  if (value instanceof ArrayBuffer) return [value];
  if (ArrayBuffer.isView(value)) return value.buffer instanceof ArrayBuffer ? [value.buffer] : [];
  if (depth >= 2 || value === null || typeof value !== 'object') return [];
  const parts = Array.isArray(value) ? value : Object.values(value as Record<string, unknown>);
  return parts.flatMap((part) => buffersIn(part, depth + 1));
}

function transferListOf(options: unknown): unknown[] {
  if (Array.isArray(options)) return options;
  if (options !== null && typeof options === 'object' && 'transfer' in options) {
    const { transfer } = options as { transfer?: unknown };
    return Array.isArray(transfer) ? transfer : [];
  }
  return [];
}

/**
 * Runs `fn` while recording every `postMessage` made on a Worker or a
 * MessagePort of this thread, with the ArrayBuffers each message carried and
 * whether each was transferred. The prototypes are restored afterwards.
 */
export async function postedDuring<T>(
  fn: () => Promise<T> | T,
): Promise<{ value: T; posted: PostedMessage[] }> {
  const posted: PostedMessage[] = [];
  /* eslint-disable @typescript-eslint/unbound-method -- kept to restore, called with their own `this` */
  const originals = {
    worker: Worker.prototype.postMessage,
    port: MessagePort.prototype.postMessage,
  };
  /* eslint-enable @typescript-eslint/unbound-method */
  const record = (to: 'worker' | 'port', message: unknown, options: unknown) => {
    const transfer = transferListOf(options);
    posted.push({
      to,
      buffers: buffersIn(message).map((buffer) => ({
        buffer,
        byteLength: buffer.byteLength,
        transferred: transfer.includes(buffer),
      })),
    });
  };
  // A Worker posts through its own internal MessagePort: count that once, as the worker's.
  let insideWorkerPost = false;
  Worker.prototype.postMessage = function (this: Worker, message: unknown, options?: unknown) {
    record('worker', message, options);
    insideWorkerPost = true;
    try {
      return originals.worker.call(this, message, options as never);
    } finally {
      insideWorkerPost = false;
    }
  };
  MessagePort.prototype.postMessage = function (this: MessagePort, message: unknown, options?: unknown) {
    if (!insideWorkerPost) record('port', message, options);
    return originals.port.call(this, message, options as never);
  };
  try {
    return { value: await fn(), posted };
  } finally {
    Worker.prototype.postMessage = originals.worker;
    MessagePort.prototype.postMessage = originals.port;
  }
}

/** A short account of what was posted, for failure messages. */
export function describePosted(posted: readonly PostedMessage[]): string {
  if (posted.length === 0) return 'no postMessage on a Worker or MessagePort';
  return posted
    .map(
      (message, index) =>
        `#${index + 1} to a ${message.to}: ` +
        (message.buffers.length === 0
          ? 'no ArrayBuffer'
          : message.buffers
              .map(
                (b) => `an ArrayBuffer of ${b.byteLength} bytes, ${b.transferred ? 'transferred' : 'copied'}`,
              )
              .join(', ')),
    )
    .join('; ');
}

/** A worker thread seen while {@link workersDuring} watched, its moments in ms after the watch began. */
export interface SeenWorker {
  readonly threadId: number;
  /** When it began to run JavaScript (`'online'`). */
  onlineMs: number | undefined;
  /** When its first message reached this thread. */
  firstMessageMs: number | undefined;
  /** When it had exited. */
  exitMs: number | undefined;
  /**
   * Whether the thread is still running now, even after the watch ended:
   * Node sets a Worker's `threadId` to -1 once its thread has stopped.
   */
  readonly running: () => boolean;
}

/**
 * Runs `fn` while watching every Worker of this thread through the events it
 * emits (online, message, exit): which threads really started and ended
 * during the call, and when, and whether each still runs afterwards. Works
 * on every platform, unlike counting the process's threads.
 */
export async function workersDuring<T>(
  fn: () => Promise<T> | T,
): Promise<{ value: T; workers: SeenWorker[] }> {
  const started = now();
  const seen = new Map<Worker, SeenWorker>();
  const prototype = Worker.prototype as unknown as {
    emit: (event: string | symbol, ...args: unknown[]) => boolean;
  };
  const hadOwn = Object.prototype.hasOwnProperty.call(prototype, 'emit');
  const original = prototype.emit;
  prototype.emit = function (this: Worker, event: string | symbol, ...args: unknown[]) {
    if (event === 'online' || event === 'message' || event === 'exit') {
      let record = seen.get(this);
      if (!record) {
        record = {
          threadId: this.threadId,
          onlineMs: undefined,
          firstMessageMs: undefined,
          exitMs: undefined,
          running: () => this.threadId !== -1,
        };
        seen.set(this, record);
      }
      const at = now() - started;
      if (event === 'online') record.onlineMs ??= at;
      if (event === 'message') record.firstMessageMs ??= at;
      if (event === 'exit') record.exitMs ??= at;
    }
    return original.call(this, event, ...args);
  };
  try {
    return { value: await fn(), workers: [...seen.values()] };
  } finally {
    if (hadOwn) prototype.emit = original;
    else delete (prototype as { emit?: unknown }).emit;
  }
}
