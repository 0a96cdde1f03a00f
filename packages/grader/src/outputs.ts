/**
 * The files a command writes, checked before it starts, so that a typo in
 * an output path is a one-line usage error instead of a failure after the
 * work is done, and written whole or not at all.
 *
 * @module
 */
import { existsSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '@spellbook/catalog';

/**
 * Checks each given output, `{ '--csv': 'class.csv', … }`: its folder must
 * exist and the path must not be a folder. Absent ones are skipped.
 */
export function checkOutputs(outputs: Record<string, string | undefined>): void {
  for (const [flag, file] of Object.entries(outputs)) {
    if (file === undefined) continue;
    if (file.trim() === '') throw new UsageError(`${flag} needs a file name`);
    const resolved = path.resolve(file);
    if (!existsSync(path.dirname(resolved))) {
      throw new UsageError(`${flag} ${file}: no such folder ${path.dirname(resolved)}`);
    }
    if (existsSync(resolved) && statSync(resolved).isDirectory()) {
      throw new UsageError(`${flag} ${file}: is a folder`);
    }
  }
}

/**
 * Writes `content` to `file` when a file was given, atomically: into a
 * temporary file beside it, then renamed over it. A grading shard that is
 * stopped or retried halfway leaves the old report or the new one, never half
 * of one, and a reader polling the file never sees it growing. (The npm
 * package write-file-atomic does this too, but its current major needs Node
 * 22.22, and the course supports 20.19.)
 */
export function writeOutput(file: string | undefined, content: () => string | Uint8Array): void {
  if (!file) return;
  const target = path.resolve(file);
  const temporary = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.tmp`);
  try {
    writeFileSync(temporary, content());
    renameSync(temporary, target);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}
