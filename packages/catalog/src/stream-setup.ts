/**
 * The worker side of the results stream (see stream-reporter.ts). vitest's
 * workers send finished results to the reporter in batches, at most every
 * 100 ms; a test that then loops forever keeps the last batch from ever
 * leaving. So each test's outcome is also written here, from inside the
 * test process, the moment the test ends. These lines are provisional: the
 * reporter's own line for the same test, when it comes, replaces them.
 *
 * Loaded as a vitest setup file when the run names it among its setup files
 * (run-tests.ts does; the course's preset reads them).
 *
 * @module
 */
import { appendFileSync } from 'node:fs';
import { afterEach } from 'vitest';
import { readMeasurements } from './measurements.ts';
import { forgetResultFiles, readRunSettings } from './run-contract.mjs';
import type { StreamLine } from './stream-reporter.ts';

// Read once and removed from the environment before any exercise code loads,
// so the code under test is not handed the path of its own score sheet. (The
// runner trusts these lines only for a run that had to be stopped, and only
// for tests the reporter never reported: see readResultStream.)
const file = readRunSettings().provisionalFile;
forgetResultFiles();

afterEach((context) => {
  if (!file) return;
  const { task } = context;
  const names = [task.name];
  for (let suite = task.suite; suite && suite !== task.file; suite = suite.suite) names.unshift(suite.name);
  const state = task.result?.state;
  const error = task.result?.errors?.[0];
  const measurements = readMeasurements((task.meta as { measurements?: unknown }).measurements);
  const line: StreamLine = {
    kind: 'test',
    provisional: true,
    file: task.file.filepath,
    path: names,
    status: state === 'pass' ? 'passed' : state === 'fail' ? 'failed' : 'skipped',
    ...(state === 'fail' && error ? { message: error.message } : {}),
    ...(measurements.length > 0 ? { measurements } : {}),
  };
  appendFileSync(file, `${JSON.stringify(line)}\n`);
});
