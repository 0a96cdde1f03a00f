/**
 * Types for provided.mjs: reaching the files a lesson provides finished.
 *
 * @module
 */

/**
 * Where code may look for each provided file, mapped to the lesson's copy:
 * for `src/x.ts` and the folder `F`, `F/src/x.ts` means `lessonDir/src/x.ts`.
 */
export declare function providedRedirects(
  lessonDir: string,
  provided: readonly string[],
  folders: readonly string[],
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
): string | undefined;
