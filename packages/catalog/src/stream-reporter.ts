/**
 * A vitest reporter that writes each result to a file **as soon as it is
 * known**, one JSON object per line. vitest's own JSON report is written only
 * at the end of a run; when a run has to be stopped (a test that loops
 * forever, a crash, `process.exit`), that report never appears and every
 * result is lost. With this stream the results that came before the stop
 * survive, and only the tests that never reported are scored as missing.
 *
 * The file is the run's results file (see run-contract.mjs).
 *
 * @module
 */
import { appendFileSync } from 'node:fs';
import type { Reporter, TestCase, TestModule } from 'vitest/node';
import { readMeasurements, type Measurement } from './measurements.ts';
import { readRunSettings } from './run-contract.mjs';

/** One line of the results stream. */
export type StreamLine =
  | {
      kind: 'test';
      /** Written from inside the test process before the reporter heard of the result; replaced by the reporter's line. */
      provisional?: boolean;
      file: string;
      /** The describe blocks' names and the test's name. */
      path: string[];
      status: 'passed' | 'failed' | 'skipped';
      message?: string;
      durationMs?: number;
      inconclusive?: string;
      /** What the test measured (the test kit's `measured()`; see measurements.ts). */
      measurements?: Measurement[];
    }
  | { kind: 'file-error'; file: string; message: string }
  | { kind: 'end' };

function write(line: StreamLine): void {
  const file = readRunSettings().resultsFile;
  if (file) appendFileSync(file, `${JSON.stringify(line)}\n`);
}

function pathOf(testCase: TestCase): string[] {
  const names = [testCase.name];
  for (let parent = testCase.parent; parent.type === 'suite'; parent = parent.parent) {
    names.unshift(parent.name);
  }
  return names;
}

/** Writes results to the run's results file as they arrive. */
export default class StreamReporter implements Reporter {
  onTestCaseResult(testCase: TestCase): void {
    const result = testCase.result();
    if (result.state === 'pending') return;
    const error = result.errors?.[0];
    // Set by the test kit's inconclusive() and measured() (see its TaskMeta augmentation).
    const meta = testCase.meta() as { inconclusive?: unknown; measurements?: unknown };
    const { inconclusive } = meta;
    const measurements = readMeasurements(meta.measurements);
    const duration = testCase.diagnostic()?.duration;
    write({
      kind: 'test',
      file: testCase.module.moduleId,
      path: pathOf(testCase),
      status: result.state,
      ...(result.state === 'failed' && error
        ? { message: [error.message, error.diff].filter(Boolean).join('\n') }
        : {}),
      ...(duration !== undefined ? { durationMs: duration } : {}),
      ...(typeof inconclusive === 'string' ? { inconclusive } : {}),
      ...(measurements.length > 0 ? { measurements } : {}),
    });
  }

  onTestModuleEnd(testModule: TestModule): void {
    for (const error of testModule.errors()) {
      write({ kind: 'file-error', file: testModule.moduleId, message: error.message });
    }
  }

  onTestRunEnd(_modules: unknown, unhandledErrors: ReadonlyArray<{ message: string }>): void {
    for (const error of unhandledErrors) {
      write({ kind: 'file-error', file: '(outside any test)', message: error.message });
    }
    write({ kind: 'end' });
  }
}
