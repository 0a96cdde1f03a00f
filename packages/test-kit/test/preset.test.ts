import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { resolveTarget } from '../src/preset.ts';

const courseRoot = path.resolve(import.meta.dirname, '../../..');
const lessonDir = path.join(courseRoot, 'lessons', '01-the-long-road');

describe('COURSE_TARGET', () => {
  test('unset or "starter" means the lesson itself', () => {
    expect(resolveTarget(lessonDir, undefined)).toEqual({ kind: 'starter', folder: lessonDir });
    expect(resolveTarget(lessonDir, 'starter')).toEqual({ kind: 'starter', folder: lessonDir });
  });

  test('"solution" means the mirrored folder under solutions/', () => {
    expect(resolveTarget(lessonDir, 'solution')).toEqual({
      kind: 'solution',
      folder: path.join(courseRoot, 'solutions', '01-the-long-road'),
    });
  });

  test('a path means a submission lesson folder with a src/', () => {
    const submission = mkdtempSync(path.join(tmpdir(), 'submission-'));
    mkdirSync(path.join(submission, 'src'));
    expect(resolveTarget(lessonDir, submission)).toEqual({ kind: 'submission', folder: submission });
  });

  test('a folder without src/ is refused with a message that says what to give', () => {
    expect(() => resolveTarget(lessonDir, tmpdir())).toThrow(/no src\/ folder.*Use "solution", "starter"/s);
  });
});
