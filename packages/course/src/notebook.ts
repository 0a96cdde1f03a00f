/**
 * The lab notebook: what each lesson's timing tests measured the last time
 * they passed on the student's machine, and what that machine was. One JSON
 * file, `.course/notebook.json` beside the progress (gitignored too), written
 * the same way: a fresh read, the change, an atomic write.
 *
 * `pnpm course notebook` prints it (notebook-page.ts draws the `--html`
 * page); nothing is ever scored from it.
 *
 * @module
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  readMeasurements,
  UsageError,
  type Lesson,
  type MeasuredTest,
  type Measurement,
} from '@spellbook/catalog';
import { effectiveCores } from '@spellbook/test-kit/cores';
import { stateDir } from './progress.ts';

/** The machine a lesson's figures were measured on. */
export interface MachineFacts {
  /** `os.availableParallelism()`: logical CPUs, SMT siblings counted. */
  readonly logicalCpus: number;
  /** The cores the tests could really use (the fewest of logical CPUs, affinity and a CPU quota). */
  readonly usableCores: number;
  /** The same, with its reasons, in words. */
  readonly usableText: string;
  /** The CPU's model name, as the system reports it. */
  readonly cpu: string;
  readonly node: string;
  /** `linux x64`, `darwin arm64`, `win32 x64`. */
  readonly platform: string;
}

/** One lesson's page of the notebook. */
export interface NotebookEntry {
  /** When the figures were measured (ISO 8601). */
  readonly at: string;
  readonly machine: MachineFacts;
  /** The tests that measured something, in the order they ran. */
  readonly tests: ReadonlyArray<MeasuredTest & { readonly measurements: readonly Measurement[] }>;
}

/** The whole notebook: a page per lesson id. */
export interface Notebook {
  readonly version: 1;
  readonly lessons: Record<string, NotebookEntry>;
}

/** Where the notebook of the course at `courseRoot` is kept. */
export function notebookPath(courseRoot: string): string {
  return path.join(stateDir(courseRoot), 'notebook.json');
}

/** This machine, as the notebook records it. */
export function machineFacts(): MachineFacts {
  const usable = effectiveCores();
  return {
    logicalCpus: usable.logical,
    usableCores: usable.cores,
    usableText: usable.text,
    cpu: os.cpus()[0]?.model.trim() || 'unknown CPU',
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readMachine(value: unknown): MachineFacts | undefined {
  if (!isRecord(value)) return undefined;
  const { logicalCpus, usableCores, usableText, cpu, node, platform } = value;
  if (typeof logicalCpus !== 'number' || typeof usableCores !== 'number') return undefined;
  if ([usableText, cpu, node, platform].some((field) => typeof field !== 'string')) return undefined;
  return {
    logicalCpus,
    usableCores,
    usableText: usableText as string,
    cpu: cpu as string,
    node: node as string,
    platform: platform as string,
  };
}

function readEntry(value: unknown): NotebookEntry | undefined {
  if (!isRecord(value) || typeof value['at'] !== 'string' || !Array.isArray(value['tests'])) return undefined;
  const machine = readMachine(value['machine']);
  if (!machine) return undefined;
  const tests = value['tests'].flatMap((test: unknown) => {
    if (!isRecord(test) || typeof test['name'] !== 'string') return [];
    const status: MeasuredTest['status'] =
      test['status'] === 'failed' || test['status'] === 'skipped' ? test['status'] : 'passed';
    const measurements = readMeasurements(test['measurements']);
    return measurements.length === 0 ? [] : [{ name: test['name'], status, measurements }];
  });
  return { at: value['at'], machine, tests };
}

/**
 * Reads the notebook; a course never measured has an empty one. Pages of the
 * wrong shape are dropped, as the progress file's are.
 *
 * @throws UsageError when the file exists but is not a notebook.
 */
export function readNotebook(courseRoot: string): Notebook {
  const file = notebookPath(courseRoot);
  const lessons: Record<string, NotebookEntry> = {};
  if (!existsSync(file)) return { version: 1, lessons };
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UsageError(
      `${file} is not valid JSON (${(error as Error).message}); fix it or delete it to start a new notebook`,
    );
  }
  if (!isRecord(parsed) || !isRecord(parsed['lessons'])) {
    throw new UsageError(`${file} is not a notebook; fix it or delete it`);
  }
  for (const [id, entry] of Object.entries(parsed['lessons'])) {
    const read = readEntry(entry);
    if (read) lessons[id] = read;
  }
  return { version: 1, lessons };
}

/**
 * Writes what `tests` measured as `lesson`'s page of the notebook, replacing
 * the last one, with this machine's facts. Tests that measured nothing are
 * left out; when none measured anything the page stays as it was.
 */
export function recordMeasurements(
  courseRoot: string,
  lesson: Lesson,
  tests: readonly MeasuredTest[],
  machine: MachineFacts = machineFacts(),
): void {
  const measuring = tests.flatMap((test) =>
    test.measurements && test.measurements.length > 0
      ? [{ name: test.name, status: test.status, measurements: test.measurements }]
      : [],
  );
  if (measuring.length === 0) return;
  const notebook = readNotebook(courseRoot);
  const lessons = {
    ...notebook.lessons,
    [lesson.id]: { at: new Date().toISOString(), machine, tests: measuring },
  };
  const file = notebookPath(courseRoot);
  mkdirSync(path.dirname(file), { recursive: true });
  const scratch = `${file}.${process.pid}.tmp`;
  writeFileSync(scratch, `${JSON.stringify({ version: 1, lessons }, null, 2)}\n`);
  renameSync(scratch, file);
}

/** The machine in one line: `2 usable cores (2 logical CPUs), AMD EPYC 7B13, Node v20.20.2, linux x64`. */
export function describeMachine(machine: MachineFacts): string {
  return `${machine.usableText}, ${machine.cpu}, Node ${machine.node}, ${machine.platform}`;
}
