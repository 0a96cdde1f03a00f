/**
 * `pnpm course verify`: the lessons in order against the student's code,
 * stopping at the first that does not pass.
 */
import { describe, expect, test } from 'vitest';
import { copyCourse, course, progressOf, solve, writeProgress } from './helpers.ts';

describe('pnpm course verify', () => {
  test('stops at the first failing lesson: later lessons are not run; exit 1; that lesson becomes current', () => {
    const root = copyCourse({ git: false });
    solve(root, '01-counting-stars');
    solve(root, '03-steady-hands'); // passes, but comes after the failing 02: never reached
    // 02 was once recorded as passed; it fails now, so it is not done any more.
    writeProgress(root, {
      version: 1,
      passed: { '02-quick-sums': { at: '2025-01-01T00:00:00Z' } },
      hints: {},
    });

    const { status, stdout, stderr } = course(root, ['verify']);
    expect(stderr).toBe('');
    expect(status).toBe(1);
    expect(stdout).toMatch(/✓ 01 Counting Stars: 2 tests pass \(\d+\.\d s\)/);
    expect(stdout).toMatch(/✗ 02 Quick Sums: 2 of 2 tests failing \(\d+\.\d s\)/);
    // The first failing test and its message.
    expect(stdout).toContain('nothing adds up to 0');
    expect(stdout).toContain('Not implemented: sum of 0');
    expect(stdout).toContain('Stopped at 02 Quick Sums.');
    expect(stdout).not.toContain('Steady Hands');

    const progress = progressOf(root);
    expect(Object.keys(progress?.['passed'] as object)).toEqual(['01-counting-stars']);
    expect(progress?.['current']).toBe('02-quick-sums');
    expect(course(root, []).stdout).toMatch(/▶ 02\s+Quick Sums\s+current/);
  });

  test('every lesson passes: all recorded, a full bar, exit 0', () => {
    const root = copyCourse({ git: false });
    for (const lesson of ['01-counting-stars', '02-quick-sums', '03-steady-hands'] as const) {
      solve(root, lesson);
    }
    const { status, stdout } = course(root, ['verify']);
    expect(status).toBe(0);
    expect(stdout).toMatch(/✓ 03 Steady Hands: 2 tests pass/);
    expect(stdout).toContain('3 of 3 lessons done (100%)');
    expect(stdout).toContain('Every lesson passes');
    expect(Object.keys(progressOf(root)?.['passed'] as object)).toHaveLength(3);
  });

  test('a timing lesson the busy machine could not measure: "not yet confirmed", not a failure, not a pass', () => {
    const root = copyCourse({ git: false });
    for (const lesson of ['01-counting-stars', '02-quick-sums', '03-steady-hands'] as const) {
      solve(root, lesson);
    }
    const { status, stdout } = course(root, ['verify'], { env: { FIXTURE_MACHINE_BUSY: '1' } });
    expect(status).toBe(0);
    expect(stdout).toMatch(
      /◐ 03 Steady Hands: not yet confirmed – run again on a quiet machine \(\d+\.\d s\)/,
    );
    expect(stdout).toContain(
      '1 test passes, but the machine was too busy for these timing tests to measure:',
    );
    expect(stdout).toContain('keeps a steady pace (the machine was busy)');
    expect(stdout).toContain(
      'Every lesson passes except 03-steady-hands, not yet confirmed – run again on a quiet machine.',
    );
    expect(Object.keys(progressOf(root)?.['passed'] as object)).toEqual([
      '01-counting-stars',
      '02-quick-sums',
    ]);
  });
});
