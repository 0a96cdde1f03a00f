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

/** @typedef {import('node:path').PlatformPath} PlatformPath */

/**
 * One spelling of a file's path, for comparing paths and looking them up:
 * absolute, in the platform's own separators, and in lower case on Windows,
 * whose file systems ignore case. Vite names modules with forward slashes on
 * every platform (`C:/course/lessons/…` on Windows), while Node's `path`
 * there says `C:\course\lessons\…`: compared as written, they never match.
 *
 * @param {string} file
 * @param {PlatformPath} [paths] - `path.win32` or `path.posix` to reason about another platform (tests); default this one's
 * @returns {string}
 */
export function pathKey(file, paths = path) {
  const resolved = paths.resolve(file);
  return paths.sep === '\\' ? resolved.toLowerCase() : resolved;
}

/**
 * True when `file` lies inside `folder`, however either is spelled (see {@link pathKey}).
 *
 * @param {string} file
 * @param {string} folder
 * @param {PlatformPath} [paths]
 * @returns {boolean}
 */
export function isInside(file, folder, paths = path) {
  const outer = pathKey(folder, paths);
  return pathKey(file, paths).startsWith(outer.endsWith(paths.sep) ? outer : outer + paths.sep);
}

/**
 * Where code may look for each provided file, mapped to the lesson's copy:
 * for `src/x.ts` and the folder `F`, `F/src/x.ts` means `lessonDir/src/x.ts`.
 * The keys are {@link pathKey}s: look a path up with `redirects.get(pathKey(file))`.
 *
 * @param {string} lessonDir - the lesson's folder
 * @param {readonly string[]} provided - the provided files, relative to the lesson (`src/x.ts`)
 * @param {readonly string[]} folders - folders whose code names them: a solution, a submission
 * @param {PlatformPath} [paths]
 * @returns {Map<string, string>}
 */
export function providedRedirects(lessonDir, provided, folders, paths = path) {
  /** @type {Map<string, string>} */
  const redirects = new Map();
  for (const file of provided) {
    for (const folder of folders) {
      redirects.set(pathKey(paths.join(folder, file), paths), paths.join(lessonDir, file));
    }
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
 * @param {string} file - the module's absolute path, in either separator
 * @param {ReadonlyMap<string, string>} redirects - from {@link providedRedirects}
 * @param {PlatformPath} [paths]
 * @returns {string | undefined}
 */
export function pointAtProvidedFiles(code, file, redirects, paths = path) {
  const here = paths.dirname(paths.resolve(file));
  let changed = false;
  const rewritten = code.replace(QUOTED_RELATIVE_PATH, (quoted, quote, relative) => {
    const copy = redirects.get(pathKey(paths.resolve(here, relative), paths));
    if (copy === undefined) return quoted;
    changed = true;
    const fromHere = paths.relative(here, copy).split(paths.sep).join('/');
    return `${quote}${fromHere.startsWith('../') ? fromHere : `./${fromHere}`}${quote}`;
  });
  return changed ? rewritten : undefined;
}
