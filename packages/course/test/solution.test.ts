/**
 * `pnpm course solution <lesson>`: the reference solution only once the
 * student's own code passes, or with --force.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { copyCourse, course, progressOf, solve, usageErrorLine, writeProgress } from './helpers.ts';

const solutionText = (root: string): string =>
  readFileSync(path.join(root, 'solutions/01-counting-stars/src/stars.ts'), 'utf8').trimEnd();

describe('pnpm course solution', () => {
  test('refused while the lesson fails: runs its tests, one line, exit 2, no solution shown', () => {
    const root = copyCourse({ git: false });
    const result = course(root, ['solution', '1']);
    expect(usageErrorLine(result)).toBe(
      'course solution: 01-counting-stars does not pass yet (2 of 2 tests failing); pass it first, or add --force to look anyway',
    );
    expect(result.stdout).not.toContain(solutionText(root));
  });

  test('--force shows every file of the solution without running the tests', () => {
    const root = copyCourse({ git: false });
    const result = course(root, ['solution', '01-counting-stars', '--force']);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(
      'Reference solution of 01 Counting Stars (solutions/01-counting-stars/src)',
    );
    expect(result.stdout).toContain('── src/stars.ts ──');
    expect(result.stdout).toContain(solutionText(root));
    expect(result.stdout).not.toContain('running its tests');
    expect(progressOf(root)).toBeUndefined();
  });

  test('shown once the code passes, even when it passed outside the companion; the pass is recorded', () => {
    const root = copyCourse({ git: false });
    solve(root, '01-counting-stars');
    const result = course(root, ['solution', '1']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Checking 01 Counting Stars first: running its tests…');
    expect(result.stdout).toContain(solutionText(root));
    // Passed, and when: a real timestamp.
    const passed = progressOf(root)?.['passed'] as Record<string, { at: string }>;
    expect(Date.parse(passed['01-counting-stars']?.at ?? '')).not.toBeNaN();
  });

  test('a lesson recorded as done is shown straight away', () => {
    const root = copyCourse({ git: false });
    writeProgress(root, {
      version: 1,
      passed: { '02-quick-sums': { at: '2025-01-01T00:00:00Z' } },
      hints: {},
    });
    const result = course(root, ['solution', '02']);
    expect(result.status).toBe(0);
    expect(result.stdout).not.toContain('running its tests');
    expect(result.stdout).toContain('return numbers.reduce((total, n) => total + n, 0);');
  });

  test('a timing lesson not yet confirmed (machine busy) is not a pass: refused, says why', () => {
    const root = copyCourse({ git: false });
    solve(root, '03-steady-hands');
    const result = course(root, ['solution', '3'], { env: { FIXTURE_MACHINE_BUSY: '1' } });
    expect(usageErrorLine(result)).toBe(
      'course solution: 03-steady-hands is not yet confirmed (timing tests could not measure: the machine was busy); run again on a quiet machine, or add --force',
    );
    expect(progressOf(root)?.['passed'] ?? {}).toEqual({});
  });
});
