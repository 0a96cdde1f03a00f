/**
 * A known-wrong solution that is the reference with one mistake in it is
 * kept as that mistake alone: `mistake.patch` beside its `expect.json`, a
 * unified diff against the reference's `src/`. Before it runs, the patch is
 * applied to a fresh copy of the reference in the wrong solution's own
 * `.applied/` folder (ignored by git, lint and the type check), which the
 * tests then target like any `src/`. So the mistake is the only thing a
 * reader has to read, and a fix to the reference reaches every such wrong
 * solution.
 *
 * A patch that no longer applies (the reference changed where the mistake
 * is) is a problem named with its file and hunk, and the self-check fails:
 * the author restates the mistake against the new reference on purpose,
 * rather than letting a stale copy be "caught" for something else.
 *
 * Applying uses jsdiff (`diff` on npm), exactly, with no fuzz: a context line
 * that moved makes the hunk fail rather than land somewhere else.
 *
 * @module
 */
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { applyPatch, parsePatch, type StructuredPatch } from 'diff';

/** The file that holds a wrong solution's mistake as a diff against the reference. */
export const MISTAKE_PATCH = 'mistake.patch';

/** The folder, inside the wrong solution's own, that the patched copy of the reference is written to. */
export const APPLIED_FOLDER = '.applied';

/** What applying a mistake patch gave: the folder to run the tests against, and what went wrong. */
export interface AppliedMistake {
  /** The folder holding the patched `src/` (valid only when `problems` is empty). */
  readonly folder: string;
  readonly problems: readonly string[];
}

/** The reference's file a patch names: `a/src/ledger.ts`, `src/ledger.ts` and `ledger.ts` all mean `src/ledger.ts`. */
function fileNamed(patch: StructuredPatch): string | undefined {
  const name = [patch.oldFileName, patch.newFileName].find(
    (candidate) => candidate && candidate !== '/dev/null',
  );
  if (!name) return undefined;
  return name.replace(/^[ab]\//, '').replace(/^src\//, '');
}

/**
 * Writes the reference (`referenceSrc`, a solution's `src/` folder) with the
 * mistake of `wrongFolder/mistake.patch` applied into
 * `wrongFolder/.applied/src/`, replacing whatever was there.
 */
export function applyMistake(referenceSrc: string, wrongFolder: string): AppliedMistake {
  const folder = path.join(wrongFolder, APPLIED_FOLDER);
  const patchFile = path.join(wrongFolder, MISTAKE_PATCH);
  if (existsSync(path.join(wrongFolder, 'src'))) {
    return { folder, problems: [`it has both src/ and ${MISTAKE_PATCH}: keep one`] };
  }
  let patches: StructuredPatch[];
  try {
    patches = parsePatch(readFileSync(patchFile, 'utf8'));
  } catch (error) {
    return { folder, problems: [`${MISTAKE_PATCH} is not a unified diff: ${(error as Error).message}`] };
  }
  patches = patches.filter((patch) => patch.hunks.length > 0);
  if (patches.length === 0) return { folder, problems: [`${MISTAKE_PATCH} changes nothing`] };

  rmSync(folder, { recursive: true, force: true });
  cpSync(referenceSrc, path.join(folder, 'src'), { recursive: true });
  const problems: string[] = [];
  for (const patch of patches) {
    const name = fileNamed(patch);
    const file = name === undefined ? undefined : path.join(folder, 'src', name);
    if (name === undefined || file === undefined || !existsSync(file)) {
      problems.push(
        `${MISTAKE_PATCH} changes ${name ?? 'a file it does not name'}, which the reference's src/ does not have`,
      );
      continue;
    }
    const original = readFileSync(file, 'utf8');
    const patched = applyPatch(original, patch);
    if (patched !== false) {
      writeFileSync(file, patched);
      continue;
    }
    // Name the hunk that no longer fits, so the author knows where the reference moved.
    const stale = patch.hunks.findIndex(
      (hunk) => applyPatch(original, { ...patch, hunks: [hunk] }) === false,
    );
    const hunk = patch.hunks[stale];
    problems.push(
      `${MISTAKE_PATCH} no longer applies to src/${name}` +
        (hunk
          ? `: hunk ${stale + 1} (@@ -${hunk.oldStart},${hunk.oldLines} +${hunk.newStart},${hunk.newLines} @@) does not match the reference there`
          : '') +
        '; the reference has changed: make the mistake again in a copy of it and write the diff anew',
    );
  }
  return { folder, problems };
}
