import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { APPLIED_FOLDER, applyMistake, MISTAKE_PATCH } from '../src/mistake-patch.ts';

/** A reference `src/` of two files, and an empty wrong solution's folder beside it. */
function layout(): { referenceSrc: string; wrong: string } {
  const root = mkdtempSync(path.join(os.tmpdir(), 'mistake-patch-'));
  const referenceSrc = path.join(root, 'src');
  mkdirSync(referenceSrc);
  writeFileSync(
    path.join(referenceSrc, 'sum.ts'),
    [
      'export function sum(values: number[]): number {',
      '  let total = 0;',
      '  for (const v of values) total += v;',
      '  return total;',
      '}',
      '',
    ].join('\n'),
  );
  writeFileSync(path.join(referenceSrc, 'other.ts'), 'export const other = 1;\n');
  const wrong = path.join(root, 'wrong', 'starts-at-one');
  mkdirSync(wrong, { recursive: true });
  return { referenceSrc, wrong };
}

const mistake = [
  '--- a/src/sum.ts',
  '+++ b/src/sum.ts',
  '@@ -1,4 +1,5 @@',
  ' export function sum(values: number[]): number {',
  '-  let total = 0;',
  '+  // The mistake: the total starts at one.',
  '+  let total = 1;',
  '   for (const v of values) total += v;',
  '   return total;',
  '',
].join('\n');

describe('a wrong solution kept as mistake.patch', () => {
  test('is the reference with the mistake applied, in its own .applied folder, the other files as they are', () => {
    const { referenceSrc, wrong } = layout();
    writeFileSync(path.join(wrong, MISTAKE_PATCH), mistake);
    const applied = applyMistake(referenceSrc, wrong);
    expect(applied).toEqual({ folder: path.join(wrong, APPLIED_FOLDER), problems: [] });
    expect(readFileSync(path.join(applied.folder, 'src', 'sum.ts'), 'utf8')).toContain('let total = 1;');
    expect(readFileSync(path.join(applied.folder, 'src', 'other.ts'), 'utf8')).toBe(
      'export const other = 1;\n',
    );
    // Applied again, it starts from the reference, not from the last copy.
    expect(applyMistake(referenceSrc, wrong).problems).toEqual([]);
  });

  test('a patch the reference has moved away from is a problem naming its file and hunk', () => {
    const { referenceSrc, wrong } = layout();
    writeFileSync(path.join(wrong, MISTAKE_PATCH), mistake);
    writeFileSync(
      path.join(referenceSrc, 'sum.ts'),
      readFileSync(path.join(referenceSrc, 'sum.ts'), 'utf8').replace(
        'let total = 0;',
        'let total = 0; // a sum',
      ),
    );
    const { problems } = applyMistake(referenceSrc, wrong);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/no longer applies to src\/sum\.ts: hunk 1 \(@@ -1,4 \+1,5 @@\)/);
  });

  test('src/ beside a patch, an empty patch, or a file the reference lacks is a problem', () => {
    const both = layout();
    writeFileSync(path.join(both.wrong, MISTAKE_PATCH), mistake);
    mkdirSync(path.join(both.wrong, 'src'));
    expect(applyMistake(both.referenceSrc, both.wrong).problems).toEqual([
      `it has both src/ and ${MISTAKE_PATCH}: keep one`,
    ]);
    const empty = layout();
    writeFileSync(path.join(empty.wrong, MISTAKE_PATCH), '');
    expect(applyMistake(empty.referenceSrc, empty.wrong).problems).toEqual([
      `${MISTAKE_PATCH} changes nothing`,
    ]);
    const stranger = layout();
    writeFileSync(path.join(stranger.wrong, MISTAKE_PATCH), mistake.replaceAll('sum.ts', 'product.ts'));
    expect(applyMistake(stranger.referenceSrc, stranger.wrong).problems[0]).toMatch(
      /changes product\.ts, which the reference's src\/ does not have/,
    );
  });
});
