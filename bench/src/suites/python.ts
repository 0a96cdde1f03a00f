/**
 * The article's own approach, measured on the same machine in the same run:
 * trial division in Python, sequentially and with multiprocessing.Pool
 * (bench/python/primes.py). Skipped, with a note, where python3 is absent.
 *
 * Python is slow enough that the sum below 1e7 is timed once per setting
 * (about a minute for all of them); below 1e6 it gets the usual repeats.
 *
 * @module
 */
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { median } from '@spellbook/test-kit';
import { formatCount, formatMs, progress, table, type BenchSettings } from '../measure.ts';

/** One Python measurement. */
export interface PythonRow {
  readonly limit: number;
  readonly mode: 'sequential' | 'pool';
  readonly processes: number;
  readonly ms: number;
  readonly runs: number[];
}

/** Python's results, or why there are none. */
export interface PythonResults {
  readonly version: string | null;
  readonly note?: string;
  readonly rows: PythonRow[];
}

const script = fileURLToPath(new URL('../../python/primes.py', import.meta.url));

function pythonVersion(): string | null {
  const result = spawnSync('python3', ['--version'], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim().replace(/^Python /, '') : null;
}

function runOnce(limit: number, mode: PythonRow['mode'], processes: number): number {
  const result = spawnSync('python3', [script, String(limit), mode, String(processes)], { encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`python3 primes.py failed: ${result.stderr.trim().split('\n').pop() ?? ''}`);
  }
  const { seconds } = JSON.parse(result.stdout) as { seconds: number };
  return seconds * 1000;
}

export function pythonSuite(settings: BenchSettings): { results: PythonResults; markdown: string } {
  const version = pythonVersion();
  if (!version) {
    const note = 'python3 was not found, so the Python comparison was skipped';
    progress(note);
    return { results: { version: null, note, rows: [] }, markdown: `_${note}._` };
  }
  const cores = os.availableParallelism();
  const settingsFor = (limit: number): Array<[PythonRow['mode'], number]> =>
    limit >= 10_000_000
      ? [['sequential', 1], ...[...new Set([2, cores])].map((n): ['pool', number] => ['pool', n])]
      : [['sequential', 1], ...[...new Set([1, 2, cores])].map((n): ['pool', number] => ['pool', n])];
  const rows: PythonRow[] = [];
  for (const limit of settings.quick ? [1_000_000] : [1_000_000, 10_000_000]) {
    const repeats = settings.quick || limit >= 10_000_000 ? 1 : settings.repeats;
    for (const [mode, processes] of settingsFor(limit)) {
      const runs = Array.from({ length: repeats }, () => runOnce(limit, mode, processes));
      const ms = median(runs);
      rows.push({ limit, mode, processes, ms, runs });
      progress(
        `Python ${version}, primes below ${formatCount(limit)}, ${mode === 'pool' ? `Pool(${processes})` : 'sequential'}: ${formatMs(ms)} (${repeats === 1 ? '1 run' : `median of ${repeats}`})`,
      );
    }
  }
  const markdown = table(
    ['limit', 'Python', 'runs', 'time'],
    rows.map((r) => [
      formatCount(r.limit),
      r.mode === 'pool' ? `Pool(${r.processes})` : 'sequential',
      String(r.runs.length),
      formatMs(r.ms),
    ]),
    ['r', 'l', 'r', 'r'],
  );
  return { results: { version, rows }, markdown };
}
