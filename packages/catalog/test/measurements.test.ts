/**
 * What a test measured travels from the test process (its metadata) through
 * the results stream to every tool, and is read as untrusted input on the
 * way: the code under test runs in the process that wrote it.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { measurementPanel, readMeasurements, referenceMachine } from '../src/measurements.ts';
import { readResultStream } from '../src/run-tests.ts';

const speed = {
  text: 'your 2 copies: 1.91× as fast as one',
  figures: [{ name: 'speedup', value: 1.91, unit: '×', reference: 1.95, bar: 1.56 }],
};

describe('readMeasurements', () => {
  test('keeps what has the contract’s shape, figure by figure', () => {
    expect(readMeasurements([speed])).toEqual([speed]);
    expect(
      readMeasurements([
        {
          text: 'a curve',
          figures: [
            { name: 'speedup', value: 1.2, unit: '×', x: 2 },
            { name: 'no value', unit: 'ms' },
            { name: 'not finite', value: Number.NaN, unit: 'ms' },
            { name: 'ms', value: 12, unit: 'ms', reference: 'twelve', x: Infinity },
          ],
        },
      ]),
    ).toEqual([
      {
        text: 'a curve',
        figures: [
          { name: 'speedup', value: 1.2, unit: '×', x: 2 },
          { name: 'ms', value: 12, unit: 'ms' },
        ],
      },
    ]);
  });

  test('drops what is not a measurement, and cleans the text a terminal would obey', () => {
    expect(readMeasurements(undefined)).toEqual([]);
    expect(readMeasurements({ text: 'not in a list' })).toEqual([]);
    expect(readMeasurements([null, 3, { figures: [] }, { text: '   ' }])).toEqual([]);
    expect(
      readMeasurements([{ text: '\u001b[2J\u001b[31mred\u001b[0m\nand  spread', figures: 'x' }]),
    ).toEqual([{ text: 'red and spread', figures: [] }]);
    const [long] = readMeasurements([{ text: 'x'.repeat(10_000), figures: [] }]);
    expect(long?.text.length).toBe(400);
    expect(readMeasurements(Array.from({ length: 1000 }, () => speed))).toHaveLength(64);
  });
});

describe('the panel', () => {
  test('one line per measurement, in order, and the machine of the chapter’s tables', () => {
    const tests = [
      { name: 'a', status: 'passed' as const, measurements: [speed] },
      { name: 'b', status: 'passed' as const },
      { name: 'c', status: 'skipped' as const, measurements: [{ text: 'a curve', figures: [] }] },
    ];
    expect(measurementPanel(tests, "the authors' machine: 2 logical CPUs")).toEqual([
      'What you measured, on this machine:',
      `  • ${speed.text}`,
      '  • a curve',
      `  The chapter's "What we measured" tables come from the authors' machine: 2 logical CPUs.`,
    ]);
    expect(measurementPanel([{ name: 'b', status: 'passed' }])).toEqual([]);
  });

  test('the reference machine is read from the committed bench results, when there are any', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'reference-machine-'));
    try {
      expect(referenceMachine(root)).toBeUndefined();
      mkdirSync(path.join(root, 'bench', 'results'), { recursive: true });
      const results = path.join(root, 'bench', 'results', 'latest.json');
      writeFileSync(results, '{ broken');
      expect(referenceMachine(root)).toBeUndefined();
      writeFileSync(results, JSON.stringify({ machine: { cores: 2, cpu: 'AMD EPYC', node: 'v20.20.2' } }));
      expect(referenceMachine(root)).toBe("the authors' machine: 2 logical CPUs (AMD EPYC), Node v20.20.2");
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

test('the results stream carries a test’s measurements, checked, to its outcome', () => {
  const lessonDir = '/course/lessons/05-x';
  const line = (measurements: unknown) =>
    JSON.stringify({
      kind: 'test',
      file: `${lessonDir}/test/a.test.ts`,
      path: ['speed'],
      status: 'passed',
      measurements,
    });
  expect(readResultStream(line([speed]), lessonDir).tests).toEqual([
    { file: 'test/a.test.ts', name: 'speed', status: 'passed', measurements: [speed] },
  ]);
  expect(readResultStream(line('forged'), lessonDir).tests).toEqual([
    { file: 'test/a.test.ts', name: 'speed', status: 'passed' },
  ]);
});
