/**
 * The student's progress: one small JSON file, `.course/progress.json` at the
 * course root (gitignored, so it never travels with a submission).
 *
 * Every change is a fresh read, the change, and an atomic write: a watch
 * session and a `pnpm course hint` in another terminal both change the file,
 * and neither may undo the other's change with a stale copy.
 *
 * @module
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '@spellbook/catalog';

/** What the companion remembers for a student. */
export interface Progress {
  readonly version: 1;
  /** The lesson the student chose to work on last (by `watch`, `n`, or `verify` stopping there). */
  current?: string;
  /** Lessons whose tests all passed against the student's code, and when. */
  passed: Record<string, { at: string }>;
  /** How many hints of each lesson the student has revealed. */
  hints: Record<string, number>;
  /** The student's guess for each lesson that asks for one (see the lesson's `prediction`); null when skipped. */
  predictions: Record<string, number | null>;
}

/** The folder of the companion's own files (progress, backups) inside the course. */
export function stateDir(courseRoot: string): string {
  return path.join(courseRoot, '.course');
}

/** Where the progress of the course at `courseRoot` is kept. */
export function progressPath(courseRoot: string): string {
  return path.join(stateDir(courseRoot), 'progress.json');
}

function empty(): Progress {
  return { version: 1, passed: {}, hints: {}, predictions: {} };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads the progress; a course never worked on has an empty one.
 *
 * @throws UsageError when the file exists but is not a progress file.
 */
export function readProgress(courseRoot: string): Progress {
  const file = progressPath(courseRoot);
  if (!existsSync(file)) return empty();
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UsageError(
      `${file} is not valid JSON (${(error as Error).message}); fix it or delete it to start afresh`,
    );
  }
  if (!isRecord(parsed)) throw new UsageError(`${file} is not a progress file; fix it or delete it`);
  const progress = empty();
  if (typeof parsed['current'] === 'string') progress.current = parsed['current'];
  // Entries of the wrong shape are dropped, not fatal: losing one mark beats locking the student out.
  if (isRecord(parsed['passed'])) {
    for (const [id, mark] of Object.entries(parsed['passed'])) {
      if (isRecord(mark) && typeof mark['at'] === 'string') progress.passed[id] = { at: mark['at'] };
    }
  }
  if (isRecord(parsed['hints'])) {
    for (const [id, count] of Object.entries(parsed['hints'])) {
      if (typeof count === 'number' && Number.isInteger(count) && count > 0) progress.hints[id] = count;
    }
  }
  if (isRecord(parsed['predictions'])) {
    for (const [id, guess] of Object.entries(parsed['predictions'])) {
      if (guess === null || (typeof guess === 'number' && Number.isFinite(guess))) {
        progress.predictions[id] = guess;
      }
    }
  }
  return progress;
}

/** Reads the progress, lets `change` edit it, and writes it back; returns what was written. */
export function updateProgress(courseRoot: string, change: (progress: Progress) => void): Progress {
  const progress = readProgress(courseRoot);
  change(progress);
  const file = progressPath(courseRoot);
  mkdirSync(path.dirname(file), { recursive: true });
  // Written beside and renamed over: a reader never sees half a file.
  const scratch = `${file}.${process.pid}.tmp`;
  writeFileSync(scratch, `${JSON.stringify(progress, null, 2)}\n`);
  renameSync(scratch, file);
  return progress;
}
