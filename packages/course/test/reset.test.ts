/**
 * `pnpm course reset <lesson>`: the committed starter back, the student's
 * code kept in a backup, and never without a yes. (The interactive yes and
 * no are answered in a real terminal in watch-terminal.test.ts.)
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { copyCourse, course, exerciseFile, progressOf, usageErrorLine, writeProgress } from './helpers.ts';

const starter = (root: string): string =>
  readFileSync(path.join(root, 'lessons/01-counting-stars/src/stars.ts'), 'utf8');
const work = 'export function countStars(sky: string): number {\n  return sky.length; // my attempt\n}\n';

/** The backup folders of lesson 01 in the copy at `root`. */
function backups(root: string): string[] {
  const dir = path.join(root, '.course', 'backups', '01-counting-stars');
  return existsSync(dir) ? readdirSync(dir).map((name) => path.join(dir, name)) : [];
}

describe('pnpm course reset', () => {
  test('--yes: backs up the whole src/ (added files too), restores the starter, unmarks the lesson', () => {
    const root = copyCourse();
    const original = starter(root);
    writeFileSync(exerciseFile(root, '01-counting-stars'), work);
    mkdirSync(path.join(root, 'lessons/01-counting-stars/src/helpers'));
    writeFileSync(path.join(root, 'lessons/01-counting-stars/src/helpers/sky.ts'), 'export const sky = 1;\n');
    writeProgress(root, {
      version: 1,
      passed: { '01-counting-stars': { at: '2025-01-01T00:00:00Z' } },
      hints: { '01-counting-stars': 2 },
    });

    const result = course(root, ['reset', '01', '--yes']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(
      /Backed up your code to \.course\/backups\/01-counting-stars\/\d{4}-\d\d-\d\dT[\d-]+Z\/src/,
    );
    expect(result.stdout).toContain('Restored the starter of 01 Counting Stars');

    // The starter is back, byte for byte, and what the student added is gone from src/.
    expect(starter(root)).toBe(original);
    expect(readdirSync(path.join(root, 'lessons/01-counting-stars/src'))).toEqual(['stars.ts']);
    // …and kept in the one backup.
    const [backup, ...more] = backups(root);
    expect(more).toEqual([]);
    expect(readFileSync(path.join(backup!, 'src/stars.ts'), 'utf8')).toBe(work);
    expect(readFileSync(path.join(backup!, 'src/helpers/sky.ts'), 'utf8')).toBe('export const sky = 1;\n');
    // The starter does not pass: the lesson is not done any more; the hints seen stay seen.
    expect(progressOf(root)).toMatchObject({ passed: {}, hints: { '01-counting-stars': 2 } });
  });

  test('-y is --yes; the lesson may be named 1, 01 or by its folder', () => {
    const root = copyCourse();
    for (const id of ['1', '01', '01-counting-stars']) {
      writeFileSync(exerciseFile(root, '01-counting-stars'), `${work}// ${id}\n`);
      expect(course(root, ['reset', id, '-y']).status).toBe(0);
    }
    // Three resets, three backups, each with what was there at the time.
    const saved = backups(root).map((dir) => readFileSync(path.join(dir, 'src/stars.ts'), 'utf8'));
    expect(saved.sort()).toEqual([`${work}// 01\n`, `${work}// 01-counting-stars\n`, `${work}// 1\n`].sort());
  });

  test('without --yes and without a terminal to ask on: refuses with one line, exit 2, changes nothing', () => {
    const root = copyCourse();
    writeFileSync(exerciseFile(root, '01-counting-stars'), work);
    const line = usageErrorLine(course(root, ['reset', '1']));
    expect(line).toBe(
      'course reset: not resetting 01-counting-stars without a yes: stdin is not a terminal (add --yes)',
    );
    expect(readFileSync(exerciseFile(root, '01-counting-stars'), 'utf8')).toBe(work);
    expect(backups(root)).toEqual([]);
  });

  test('src/ already the starter: nothing to do, no backup', () => {
    const root = copyCourse();
    const result = course(root, ['reset', '2']);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('is already the starter of 02 Quick Sums; nothing to reset.');
    expect(existsSync(path.join(root, '.course', 'backups'))).toBe(false);
  });

  test('not a git checkout: says there is no committed starter, exit 2, changes nothing', () => {
    const root = copyCourse({ git: false });
    writeFileSync(exerciseFile(root, '01-counting-stars'), work);
    expect(usageErrorLine(course(root, ['reset', '1', '--yes']))).toBe(
      'course reset: the course folder (.) is not a git checkout, so there is no committed starter to restore lessons/01-counting-stars/src from',
    );
    expect(readFileSync(exerciseFile(root, '01-counting-stars'), 'utf8')).toBe(work);
  });
});
