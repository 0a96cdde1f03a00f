/**
 * Types for provided.mjs: reaching the files a lesson provides finished.
 *
 * @module
 */

import type { PlatformPath } from 'node:path';

/**
 * One spelling of a file's path, for comparing paths and looking them up:
 * absolute, in the platform's own separators, and in lower case on Windows.
 * Vite names modules with forward slashes on every platform; Node's `path`
 * on Windows uses backslashes.
 */
export declare function pathKey(file: string, paths?: PlatformPath): string;

/** True when `file` lies inside `folder`, however either is spelled. */
export declare function isInside(file: string, folder: string, paths?: PlatformPath): boolean;

/**
 * Where code may look for each provided file, mapped to the lesson's copy:
 * for `src/x.ts` and the folder `F`, `F/src/x.ts` means `lessonDir/src/x.ts`.
 * The keys are {@link pathKey}s.
 */
export declare function providedRedirects(
  lessonDir: string,
  provided: readonly string[],
  folders: readonly string[],
  paths?: PlatformPath,
): Map<string, string>;

/**
 * The source `code` of the module `file` with every quoted relative path
 * that names a key of `redirects` pointed at that key's value instead;
 * undefined when there is none.
 */
export declare function pointAtProvidedFiles(
  code: string,
  file: string,
  redirects: ReadonlyMap<string, string>,
  paths?: PlatformPath,
): string | undefined;
