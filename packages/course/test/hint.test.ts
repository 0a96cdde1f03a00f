/**
 * `pnpm course hint [lesson]`: one more hint per ask, in the lesson's order,
 * remembered in the progress file.
 */
import { describe, expect, test } from 'vitest';
import { copyCourse, course, progressOf, writeProgress } from './helpers.ts';

const hints = [
  "First hint: a star is the character '*'.",
  'Second hint: spread the string into characters and filter them.',
  'Third hint: the length of what is left is the answer.',
];

describe('pnpm course hint', () => {
  test('reveals the hints one at a time, in order, each ask showing the ones before', () => {
    const root = copyCourse({ git: false });

    const first = course(root, ['hint']);
    expect(first.status).toBe(0);
    expect(first.stdout).toContain('Hint 1 of 3 for 01 Counting Stars');
    expect(first.stdout).toContain(`1. ${hints[0]}`);
    expect(first.stdout).not.toContain(hints[1]);
    expect(first.stdout).toContain('2 more hints left');

    const second = course(root, ['hint']);
    expect(second.stdout).toContain('Hint 2 of 3');
    expect(second.stdout.indexOf(hints[0]!)).toBeLessThan(second.stdout.indexOf(`2. ${hints[1]}`));
    expect(second.stdout).not.toContain(hints[2]);

    const third = course(root, ['hint']);
    expect(third.stdout).toContain('Hint 3 of 3');
    expect(third.stdout).toContain(`3. ${hints[2]}`);
    expect(third.stdout).toContain('That was the last hint.');

    // Nothing left to reveal: all three again, and the count stays at 3.
    const fourth = course(root, ['hint']);
    expect(fourth.status).toBe(0);
    expect(fourth.stdout).toContain('No more hints for 01 Counting Stars: you have seen all 3');
    for (const hint of hints) expect(fourth.stdout).toContain(hint);
    expect(progressOf(root)?.['hints']).toEqual({ '01-counting-stars': 3 });
  });

  test('the count is kept per lesson, whichever way the lesson is named', () => {
    const root = copyCourse({ git: false });
    expect(course(root, ['hint', '1']).stdout).toContain('Hint 1 of 3 for 01 Counting Stars');
    expect(course(root, ['hint', '01']).stdout).toContain('Hint 2 of 3 for 01 Counting Stars');
    expect(course(root, ['hint', '2']).stdout).toContain('Hint 1 of 1 for 02 Quick Sums');
    expect(course(root, ['hint', '01-counting-stars']).stdout).toContain('Hint 3 of 3 for 01 Counting Stars');
    expect(progressOf(root)).toMatchObject({ hints: { '01-counting-stars': 3, '02-quick-sums': 1 } });
    // The list shows how many have been seen.
    expect(course(root, []).stdout).toMatch(/01\s+Counting Stars\s+current\s+hints 3\/3/);
  });

  test('without a lesson, the hint is for the current lesson', () => {
    const root = copyCourse({ git: false });
    expect(course(root, ['hint']).stdout).toContain('Hint 1 of 3 for 01 Counting Stars');
    // Lesson 01 passed (as verify or watch would record it): 02 is current now.
    writeProgress(root, {
      version: 1,
      passed: { '01-counting-stars': { at: '2025-01-01T00:00:00Z' } },
      hints: { '01-counting-stars': 1 },
    });
    expect(course(root, ['hint']).stdout).toContain('Hint 1 of 1 for 02 Quick Sums');
  });
});
