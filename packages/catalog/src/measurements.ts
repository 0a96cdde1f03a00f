/**
 * What a test measured, as data: the contract between the test kit, which
 * records a measurement in the test's metadata (`meta.measurements`, see the
 * kit's `measured()`), and every tool that shows or keeps one — the panel
 * after a lesson's run, the companion's notebook, the grader's reports.
 *
 * A measurement is one sentence a student reads ("10 pages, 60 ms each:
 * 618 ms one after another, of which 7 ms thinking (1 %)") and the figures
 * behind it, each with its unit and, where the test compared it with
 * something, the test kit's own figure on the same machine and the bar it
 * was judged against. The figures are informative only: no score is ever
 * read from them.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';

/** One figure a test measured. */
export interface Figure {
  /** Stable within its test, for tools that chart or compare runs: `wall`, `speedup`, `cpuShare`. */
  readonly name: string;
  readonly value: number;
  /** `ms`, `×`, `%`, `MiB`, `marks`, … */
  readonly unit: string;
  /** The test kit's own figure for the same thing on the same machine, in the same unit. */
  readonly reference?: number;
  /** The bar the figure was judged against, in the same unit. */
  readonly bar?: number;
  /** For a point of a curve: where it lies on the curve (copies, messengers). */
  readonly x?: number;
}

/** What one test measured: a sentence and its figures. */
export interface Measurement {
  /** One line for the student, in words: what was measured and what came out. */
  readonly text: string;
  readonly figures: readonly Figure[];
}

const MAX_TEXT = 400;
const MAX_FIGURES = 64;

/** True for a JSON object (not null, not an array): the first question when reading untrusted JSON. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readFigure(value: unknown): Figure | undefined {
  if (!isRecord(value)) return undefined;
  const { name, value: figure, unit, reference, bar, x } = value;
  if (typeof name !== 'string' || typeof unit !== 'string') return undefined;
  if (typeof figure !== 'number' || !Number.isFinite(figure)) return undefined;
  const optional = (field: unknown): number | undefined =>
    typeof field === 'number' && Number.isFinite(field) ? field : undefined;
  const [ref, limit, at] = [optional(reference), optional(bar), optional(x)];
  return {
    name: name.slice(0, 60),
    value: figure,
    unit: unit.slice(0, 20),
    ...(ref !== undefined ? { reference: ref } : {}),
    ...(limit !== undefined ? { bar: limit } : {}),
    ...(at !== undefined ? { x: at } : {}),
  };
}

/**
 * The measurements in a test's metadata, checked: what is not of the
 * contract's shape is dropped (the metadata is written in the process where
 * the code under test runs, so it is read as untrusted input).
 */
export function readMeasurements(value: unknown): Measurement[] {
  if (!Array.isArray(value)) return [];
  const measurements: Measurement[] = [];
  for (const entry of value.slice(0, MAX_FIGURES)) {
    if (!isRecord(entry) || typeof entry['text'] !== 'string') continue;
    const figures = Array.isArray(entry['figures'])
      ? entry['figures'].slice(0, MAX_FIGURES).flatMap((figure) => readFigure(figure) ?? [])
      : [];
    const text = stripVTControlCharacters(entry['text']).replace(/\s+/g, ' ').trim().slice(0, MAX_TEXT);
    if (text !== '') measurements.push({ text, figures });
  }
  return measurements;
}

/** A test with what it measured, as the tools hold it. */
export interface MeasuredTest {
  readonly name: string;
  readonly status: 'passed' | 'failed' | 'skipped';
  readonly measurements?: readonly Measurement[];
}

/**
 * The "what you measured" panel: a heading and one line per measurement, in
 * the order the tests ran; empty when no test measured anything. `reference`
 * names the machine the chapter's own tables were measured on.
 */
export function measurementPanel(tests: readonly MeasuredTest[], reference?: string): string[] {
  const lines = tests.flatMap((test) => (test.measurements ?? []).map((measurement) => measurement.text));
  if (lines.length === 0) return [];
  return [
    'What you measured, on this machine:',
    ...lines.map((line) => `  • ${line}`),
    ...(reference ? [`  The chapter's "What we measured" tables come from ${reference}.`] : []),
  ];
}

/**
 * The machine the chapters' tables were measured on, in words ("2 cores
 * (AMD EPYC), Node v20.20.2, linux x64"), read from the committed bench
 * results of the course at `courseRoot`; undefined when there are none.
 */
export function referenceMachine(courseRoot: string): string | undefined {
  try {
    const results = JSON.parse(
      readFileSync(path.join(courseRoot, 'bench', 'results', 'latest.json'), 'utf8'),
    ) as { machine?: { cores?: unknown; cpu?: unknown; node?: unknown; platform?: unknown } };
    const { cores, cpu, node, platform } = results.machine ?? {};
    if (typeof cores !== 'number' || typeof node !== 'string') return undefined;
    const model = typeof cpu === 'string' ? ` (${cpu})` : '';
    const system = typeof platform === 'string' ? `, ${platform}` : '';
    return `the authors' machine: ${cores} logical CPUs${model}, Node ${node}${system}`;
  } catch {
    return undefined;
  }
}
