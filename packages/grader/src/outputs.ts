/**
 * The files a command writes, checked before it starts, so that a typo in
 * an output path is a one-line usage error instead of a failure after the
 * work is done, and nothing is half-written.
 *
 * @module
 */
import { existsSync, statSync, writeFileSync } from 'node:fs';
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

/** Writes `text` to `file` when a file was given. */
export function writeOutput(file: string | undefined, text: () => string): void {
  if (file) writeFileSync(path.resolve(file), text());
}
