import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { filesBelow, readLesson, type Lesson } from '@spellbook/catalog';
import { afterEach, describe, expect, test } from 'vitest';
import { changedTestFiles, prepareLesson } from '../src/workspace.ts';

const fixtureCourse = path.join(import.meta.dirname, 'fixtures', 'course');
const scratch: string[] = [];

afterEach(() => {
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A copy of the fixture course whose first lesson provides `src/helper.ts` finished. */
function courseWithAProvidedFile(): { lesson: Lesson; root: string } {
  const root = mkdtempSync(path.join(tmpdir(), 'grader-workspace-'));
  scratch.push(root);
  cpSync(fixtureCourse, root, { recursive: true, filter: (source) => !source.includes('node_modules') });
  const lessonDir = path.join(root, 'lessons', '01-counting-stars');
  writeFileSync(path.join(lessonDir, 'src', 'helper.ts'), 'export const helper = "the course\'s";\n');
  const manifestPath = path.join(lessonDir, 'package.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { course: Record<string, unknown> };
  manifest.course['provided'] = ['src/helper.ts'];
  writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
  return { lesson: readLesson(lessonDir), root };
}

/** A submission of one lesson, with `files` (relative to its `src/`) in it. */
function submission(root: string, files: Record<string, string>): { id: string; lessonsDir: string } {
  const lessonsDir = path.join(root, 'alice', 'lessons');
  const src = path.join(lessonsDir, '01-counting-stars', 'src');
  mkdirSync(src, { recursive: true });
  for (const [file, text] of Object.entries(files)) writeFileSync(path.join(src, file), text);
  return { id: 'alice', lessonsDir };
}

describe('the scratch copy of a lesson with a provided file', () => {
  test("a submission without the provided file gets the course's copy", () => {
    const { lesson, root } = courseWithAProvidedFile();
    const prepared = prepareLesson(lesson, submission(root, { 'stars.ts': '// mine\n' }), 'run', undefined);
    expect(prepared.target).toBeDefined();
    expect(readFileSync(path.join(prepared.target ?? '', 'src', 'helper.ts'), 'utf8')).toContain("course's");
    expect(readFileSync(path.join(prepared.target ?? '', 'src', 'stars.ts'), 'utf8')).toBe('// mine\n');
    expect(prepared.warnings).toEqual([]);
  });

  test("a submission's changed copy is replaced by the course's, with a warning", () => {
    const { lesson, root } = courseWithAProvidedFile();
    const changed = submission(root, { 'stars.ts': '// mine\n', 'helper.ts': 'export const helper = 1;\n' });
    const prepared = prepareLesson(lesson, changed, 'run', undefined);
    expect(readFileSync(path.join(prepared.target ?? '', 'src', 'helper.ts'), 'utf8')).toContain("course's");
    expect(prepared.warnings).toEqual([
      "src/helper.ts is provided by the course; the course's copy was used, not the submission's",
    ]);
  });
});

describe("comparing a submission's test files with the course's", () => {
  /** A submission's lesson folder holding the course's test files, each passed through `change`. */
  function submittedTests(lesson: Lesson, change: (text: string) => string): string {
    const dir = mkdtempSync(path.join(tmpdir(), 'grader-tests-'));
    scratch.push(dir);
    cpSync(path.join(lesson.dir, 'test'), path.join(dir, 'test'), { recursive: true });
    for (const file of filesBelow(path.join(dir, 'test'))) {
      const full = path.join(dir, 'test', file);
      writeFileSync(full, change(readFileSync(full, 'utf8')));
    }
    return dir;
  }
  const lesson = readLesson(path.join(fixtureCourse, 'lessons', '01-counting-stars'));

  test('a copy with Windows line endings (CRLF) is the same file', () => {
    expect(
      changedTestFiles(
        submittedTests(lesson, (text) => text.replaceAll('\n', '\r\n')),
        lesson,
      ),
    ).toEqual([]);
  });

  test('a copy with one changed line is not', () => {
    const changed = changedTestFiles(
      submittedTests(lesson, (text) => text.replace('expect(', 'expect.soft(')),
      lesson,
    );
    expect(changed.length).toBeGreaterThan(0);
  });
});
