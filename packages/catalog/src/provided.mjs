/**
 * Reaching the files a lesson provides finished (`provided` in its
 * metadata). They live only in the lesson's own `src/`; the reference
 * solution, the known-wrong ones and a submission name them as the starter
 * does, as if they sat beside their own code (`./sum-range-worker.ts`).
 * These functions send such names to the lesson's copy: the lesson preset's
 * import switch uses them when the tests run, and the benchmarks' module
 * hooks when the solutions run outside vitest.
 *
 * Plain JavaScript (its types are in provided.d.mts), because Node runs
 * module hooks in a thread of their own, where no TypeScript loader is
 * registered.
 *
 * @module
 */
import path from 'node:path';

/**
 * Where code may look for each provided file, mapped to the lesson's copy:
 * for `src/x.ts` and the folder `F`, `F/src/x.ts` means `lessonDir/src/x.ts`.
 *
 * @param {string} lessonDir - the lesson's folder
 * @param {readonly string[]} provided - the provided files, relative to the lesson (`src/x.ts`)
 * @param {readonly string[]} folders - folders whose code names them: a solution, a submission
 * @returns {Map<string, string>}
 */
export function providedRedirects(lessonDir, provided, folders) {
  /** @type {Map<string, string>} */
  const redirects = new Map();
  for (const file of provided) {
    for (const folder of folders) redirects.set(path.join(folder, file), path.join(lessonDir, file));
  }
  return redirects;
}

/** A quoted relative path in source code: `'./x.ts'`, `"../src/x.ts"`. */
const QUOTED_RELATIVE_PATH = /(['"])(\.\.?\/[^'"\n]*)\1/g;

/**
 * The source `code` of the module `file` with every quoted relative path
 * that names a key of `redirects` pointed at that key's value instead;
 * undefined when there is none.
 *
 * This is for `new URL('./x.ts', import.meta.url)`, the way a worker thread
 * is handed its file: neither vite nor Node resolves it, because it only
 * makes a URL, so it would name a file the solution does not hold. Every
 * quoted path is looked at, not only that pattern, because Stryker's
 * instrumented code (`pnpm mutate`) wraps the string in calls of its own.
 * An import's path is rewritten too, to the file the import switch would
 * have chosen for it anyway.
 *
 * @param {string} code
 * @param {string} file - the module's absolute path
 * @param {ReadonlyMap<string, string>} redirects - from {@link providedRedirects}
 * @returns {string | undefined}
 */
export function pointAtProvidedFiles(code, file, redirects) {
  const here = path.dirname(file);
  let changed = false;
  const rewritten = code.replace(QUOTED_RELATIVE_PATH, (quoted, quote, relative) => {
    const copy = redirects.get(path.resolve(here, relative));
    if (copy === undefined) return quoted;
    changed = true;
    const fromHere = path.relative(here, copy).split(path.sep).join('/');
    return `${quote}${fromHere.startsWith('../') ? fromHere : `./${fromHere}`}${quote}`;
  });
  return changed ? rewritten : undefined;
}
