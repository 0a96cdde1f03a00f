/**
 * How much memory a function needs at its peak, measured in a process of its
 * own. Used by lesson 11 to check that a segmented sieve's memory stays
 * bounded while a plain sieve's grows with the limit.
 *
 * @module
 */
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const probe = fileURLToPath(new URL('./memory-probe.mjs', import.meta.url));
// tsx lets the fresh process load the exercise's TypeScript on every Node version.
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/** What {@link peakMemoryGrowth} found. */
export interface MemoryGrowth {
  /** What the function returned for `argument`. */
  readonly value: unknown;
  /** How far the process's peak resident memory rose during the call, in bytes. */
  readonly growthBytes: number;
}

/**
 * Calls `exportName(argument)` from the module `file` in a fresh Node process
 * (after one call with `warmUpArgument`) and reports how far the process's
 * peak resident memory rose during it.
 */
export async function peakMemoryGrowth(
  file: string,
  exportName: string,
  argument: number,
  warmUpArgument = 1_000,
): Promise<MemoryGrowth> {
  const { stdout } = await run(
    process.execPath,
    ['--import', tsxLoader, probe, file, exportName, String(warmUpArgument), String(argument)],
    { timeout: 120_000, maxBuffer: 1024 * 1024 },
  );
  const report = JSON.parse(stdout) as MemoryGrowth | { error: string };
  if ('error' in report) throw new Error(`the memory probe could not run ${exportName}: ${report.error}`);
  return report;
}
