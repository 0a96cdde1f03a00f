import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { findCourseRoot, listLessons, readLesson } from '../src/discover.ts';
import { parseLessonMeta } from '../src/schema.ts';
import { renderReadme } from '../src/readme.ts';
import { checkLessonStructure } from '../src/structure.ts';

const fixtureCourse = path.join(import.meta.dirname, 'fixtures', 'course');
const realCourse = findCourseRoot(import.meta.dirname);
const scratch: string[] = [];

function copyOfFixture(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'catalog-'));
  scratch.push(dir);
  cpSync(fixtureCourse, dir, { recursive: true });
  return dir;
}

afterEach(() => {
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('lesson discovery', () => {
  test('finds the lessons in folder order, with their metadata', () => {
    const lessons = listLessons(fixtureCourse);
    expect(lessons.map((lesson) => lesson.id)).toEqual(['01-counting-stars', '02-endless-night']);
    expect(lessons[0]?.meta.points).toBe(4);
    expect(lessons[0]?.solutionDir).toBe(path.join(fixtureCourse, 'solutions', '01-counting-stars'));
  });

  test('every lesson of the real course has valid metadata numbered like its folder', () => {
    const lessons = listLessons(realCourse);
    expect(lessons.length).toBeGreaterThan(0);
    lessons.forEach((lesson) => expect(lesson.meta.chapter).toBe(lesson.number));
  });

  test('a chapter number that disagrees with the folder is refused', () => {
    const course = copyOfFixture();
    const manifest = path.join(course, 'lessons', '02-endless-night', 'package.json');
    writeFileSync(manifest, readFileSync(manifest, 'utf8').replace('"chapter": 2', '"chapter": 7'));
    expect(() => readLesson(path.dirname(manifest))).toThrow(/course.chapter is 7 but the folder says 2/);
  });

  test('a broken package.json is reported, not thrown as a raw SyntaxError', () => {
    const course = copyOfFixture();
    writeFileSync(path.join(course, 'lessons', '01-counting-stars', 'package.json'), '{ "course": ');
    expect(() => listLessons(course)).toThrow(
      /01-counting-stars: invalid lesson metadata:\n {2}- package.json is not valid JSON/,
    );
  });
});

describe('the metadata schema', () => {
  const valid = JSON.parse(
    readFileSync(path.join(fixtureCourse, 'lessons', '01-counting-stars', 'package.json'), 'utf8'),
  ) as { course: Record<string, unknown> };

  test('accepts a complete record', () => {
    expect(parseLessonMeta(valid.course).ok).toBe(true);
  });

  test.each([
    [{ hints: [] }, 'course.hints: a lesson needs at least one hint'],
    [{ points: 0 }, 'course.points'],
    [
      { exercise: { file: 'lib/x.js', exports: ['x'] } },
      'course.exercise.file: must be a .ts file under src/',
    ],
    [{ exercise: { file: 'src/x.ts', exports: ['not an identifier'] } }, 'course.exercise.exports.0'],
    [{ colour: 'blue' }, 'course'],
  ])('refuses %o with a message naming the field', (change, where) => {
    const result = parseLessonMeta({ ...valid.course, ...change });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.join('\n')).toContain(where);
  });
});

describe('chapter READMEs', () => {
  test('the generated header and hints come from the metadata', () => {
    const lesson = readLesson(path.join(fixtureCourse, 'lessons', '01-counting-stars'));
    const text = renderReadme(readFileSync(path.join(lesson.dir, 'README.md'), 'utf8'), lesson);
    expect(text).toContain('**Chapter 1** · 4 points');
    expect(text).toContain('<summary>Hint 1</summary>\n\nCount them one by one.');
    expect(renderReadme(text, lesson)).toBe(text);
  });
});

describe('structure checks', () => {
  test('a well-formed lesson whose README is stale is told to run pnpm readmes', () => {
    const lesson = readLesson(path.join(fixtureCourse, 'lessons', '01-counting-stars'));
    expect(checkLessonStructure(lesson)).toEqual([
      'README.md is out of date with package.json: run `pnpm readmes`',
    ]);
  });

  test('missing pieces are each named', () => {
    const course = copyOfFixture();
    const lesson = readLesson(path.join(course, 'lessons', '02-endless-night'));
    const problems = checkLessonStructure(lesson);
    expect(problems).toEqual(
      expect.arrayContaining([
        'README.md (the chapter) is missing',
        'the exercise file src/stars.ts is missing from the starter',
        expect.stringMatching(/reference solution .*02-endless-night.* is missing/),
      ]),
    );
  });

  test('every lesson of the real course is well formed', () => {
    for (const lesson of listLessons(realCourse)) expect(checkLessonStructure(lesson), lesson.id).toEqual([]);
  });
});
