import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { checkOutputs, writeOutput } from '../src/outputs.ts';

const root = mkdtempSync(path.join(tmpdir(), 'outputs-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('writeOutput: a report is written whole or not at all', () => {
  test('replaces an earlier report and leaves no temporary file', () => {
    const file = path.join(root, 'class.json');
    writeFileSync(file, 'the report of an earlier run');
    writeOutput(file, () => '{"submissions":[]}\n');
    expect(readFileSync(file, 'utf8')).toBe('{"submissions":[]}\n');
    expect(readdirSync(root)).toEqual(['class.json']);
  });

  test('writes bytes as they are (the autograder zip)', () => {
    const file = path.join(root, 'autograder.zip');
    writeOutput(file, () => new Uint8Array([0x50, 0x4b, 3, 4]));
    expect([...readFileSync(file)]).toEqual([0x50, 0x4b, 3, 4]);
    rmSync(file);
  });

  test('a report that fails to render leaves the earlier one as it was, and nothing beside it', () => {
    const file = path.join(root, 'class.json');
    expect(() =>
      writeOutput(file, () => {
        throw new Error('cannot render');
      }),
    ).toThrow('cannot render');
    expect(readFileSync(file, 'utf8')).toBe('{"submissions":[]}\n');
    expect(readdirSync(root)).toEqual(['class.json']);
  });

  test('no file given, nothing written', () => {
    writeOutput(undefined, () => 'unused');
    expect(readdirSync(root)).toEqual(['class.json']);
  });
});

describe('checkOutputs', () => {
  test('a missing folder or a folder as the file is a usage error before any work', () => {
    expect(() => checkOutputs({ '--json': path.join(root, 'nowhere', 'class.json') })).toThrow(
      /no such folder/,
    );
    expect(() => checkOutputs({ '--json': root })).toThrow(/is a folder/);
    expect(() => checkOutputs({ '--json': path.join(root, 'new.json'), '--csv': undefined })).not.toThrow();
    expect(existsSync(path.join(root, 'new.json'))).toBe(false);
  });
});
