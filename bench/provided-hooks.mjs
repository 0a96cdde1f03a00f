// Module hooks for the benchmarks, registered by run.mjs. The benchmarks run
// the reference solutions outside vitest, and a solution names a file its
// lesson provides finished (`./sum-range-worker.ts`) as if it sat beside it,
// though only the lesson's own src/ holds it. These hooks point such names at
// the lesson's copy, with the function the lesson preset uses for the tests.
import { fileURLToPath } from 'node:url';
import { isInside, pointAtProvidedFiles } from '@spellbook/catalog/provided';

/** @type {Map<string, string>} */
let redirects = new Map();
let solutionsDir = '';

/** @param {{ redirects: Array<[string, string]>, solutionsDir: string }} data */
export function initialize(data) {
  redirects = new Map(data.redirects);
  solutionsDir = data.solutionsDir;
}

/**
 * Loads the module as the next hook (tsx) does, then, in a solution's
 * module, points the names of provided files at the lessons' copies: its
 * imports and its `new URL('./x.ts', import.meta.url)` alike.
 *
 * @param {string} url
 * @param {object} context
 * @param {(url: string, context: object) => Promise<{ source?: string | ArrayBuffer | Uint8Array | null }>} nextLoad
 */
export async function load(url, context, nextLoad) {
  const loaded = await nextLoad(url, context);
  if (!url.startsWith('file:') || loaded.source === undefined || loaded.source === null) return loaded;
  const file = fileURLToPath(url);
  if (!isInside(file, solutionsDir)) return loaded;
  const code = typeof loaded.source === 'string' ? loaded.source : new TextDecoder().decode(loaded.source);
  const rewritten = pointAtProvidedFiles(code, file, redirects);
  return rewritten === undefined ? loaded : { ...loaded, source: rewritten };
}
