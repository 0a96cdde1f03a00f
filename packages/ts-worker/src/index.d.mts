/**
 * Types for index.mjs: loading a TypeScript file as a worker thread's module
 * on every supported Node.
 *
 * @module
 */

/** True when this Node strips TypeScript types by itself (Node ≥ 22.18, or earlier 22/23 with the flag). */
export function nodeStripsTypes(): boolean;

/**
 * A filename for `new Worker(...)` or Tinypool's `filename` that loads the
 * TypeScript module at `url` in a worker thread on any supported Node.
 *
 * @param url - the worker module: a `file:` URL (usually
 *   `new URL('./worker.ts', import.meta.url)`) or an absolute path.
 * @returns the module's own path where Node strips types natively; otherwise
 *   the path of a compiled `.mjs` copy (made once per process, named by a
 *   hash of its contents).
 * @throws Error when the module does not compile, with esbuild's message.
 */
export function tsWorker(url: URL | string): string;
