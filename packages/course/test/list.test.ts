/**
 * `pnpm course` with no command: the lessons with their states, the progress
 * bar and the next step, from the progress file alone.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { copyCourse, course, usageErrorLine, writeProgress } from './helpers.ts';

/** The line of the list that shows lesson `number`, with its spacing squeezed. */
function row(stdout: string, number: string): string {
  const line = stdout.split('\n').find((candidate) => new RegExp(`^\\s+\\S ${number}\\s`).test(candidate));
  return (line ?? '').trim().replace(/\s+/g, ' ');
}

describe('pnpm course (the lesson list)', () => {
  test('a new student: the first lesson is current, nothing done, where to start', () => {
    const root = copyCourse({ git: false });
    const { status, stdout, stderr } = course(root, []);
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(row(stdout, '01')).toBe('▶ 01 Counting Stars current');
    expect(row(stdout, '02')).toBe('· 02 Quick Sums not started');
    expect(row(stdout, '03')).toBe('· 03 Steady Hands not started');
    expect(stdout).toContain(`[${'░'.repeat(30)}] 0 of 3 lessons done (0%)`);
    expect(stdout).toContain('Start here: 01 Counting Stars');
    expect(stdout).toContain('lessons/01-counting-stars/src/stars.ts');
    expect(stdout).toContain('pnpm course watch');
  });

  test('done lessons, the current one, hints seen so far and a bar in proportion', () => {
    const root = copyCourse({ git: false });
    writeProgress(root, {
      version: 1,
      passed: {
        '01-counting-stars': { at: '2025-01-01T00:00:00Z' },
        '03-steady-hands': { at: '2025-01-02T00:00:00Z' },
      },
      hints: { '02-quick-sums': 1 },
    });
    const { status, stdout } = course(root, []);
    expect(status).toBe(0);
    expect(row(stdout, '01')).toBe('✓ 01 Counting Stars done');
    expect(row(stdout, '02')).toBe('▶ 02 Quick Sums current hints 1/1');
    expect(row(stdout, '03')).toBe('✓ 03 Steady Hands done');
    expect(stdout).toContain(`[${'█'.repeat(20)}${'░'.repeat(10)}] 2 of 3 lessons done (67%)`);
    expect(stdout).toContain('Next: 02 Quick Sums');
  });

  test('the lesson the student chose stays current while it is not done', () => {
    const root = copyCourse({ git: false });
    writeProgress(root, { version: 1, current: '03-steady-hands', passed: {}, hints: {} });
    const { stdout } = course(root, ['list']);
    expect(row(stdout, '01')).toBe('· 01 Counting Stars not started');
    expect(row(stdout, '03')).toBe('▶ 03 Steady Hands current');
  });

  test('every lesson done: no current lesson, a full bar, and verify as the next step', () => {
    const root = copyCourse({ git: false });
    const at = { at: '2025-01-01T00:00:00Z' };
    writeProgress(root, {
      version: 1,
      passed: { '01-counting-stars': at, '02-quick-sums': at, '03-steady-hands': at },
      hints: {},
    });
    const { stdout } = course(root, []);
    expect(stdout).not.toContain('current');
    expect(stdout).toContain(`[${'█'.repeat(30)}] 3 of 3 lessons done (100%)`);
    expect(stdout).toContain('Every lesson is done');
    expect(stdout).toContain('pnpm course verify');
  });

  test('found from a folder inside the course, from --root, or from SPELLBOOK_COURSE_ROOT', () => {
    const root = copyCourse({ git: false });
    const elsewhere = mkdtempSync(path.join(tmpdir(), 'not-a-course-'));
    try {
      const fromInside = course(path.join(root, 'lessons', '02-quick-sums', 'src'), []);
      expect(fromInside.status).toBe(0);
      expect(row(fromInside.stdout, '01')).toBe('▶ 01 Counting Stars current');
      expect(course(elsewhere, ['--root', root]).stdout).toContain('Counting Stars');
      expect(course(elsewhere, ['list', `--root=${root}`]).stdout).toContain('Counting Stars');
      expect(course(elsewhere, [], { env: { SPELLBOOK_COURSE_ROOT: root } }).stdout).toContain(
        'Counting Stars',
      );
      // Outside any course: one line, exit 2.
      expect(usageErrorLine(course(elsewhere, []))).toMatch(/^course: no course found at or above /);
      expect(usageErrorLine(course(elsewhere, ['--root', elsewhere]))).toMatch(
        /^course: --root .*: there is no lessons\/ folder there$/,
      );
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  test('a progress file that is not JSON: one line saying so, exit 2', () => {
    const root = copyCourse({ git: false });
    mkdirSync(path.join(root, '.course'));
    writeFileSync(path.join(root, '.course', 'progress.json'), '{ not json');
    expect(usageErrorLine(course(root, []))).toMatch(
      /^course: .*progress\.json is not valid JSON .*; fix it or delete it to start afresh$/,
    );
  });
});
