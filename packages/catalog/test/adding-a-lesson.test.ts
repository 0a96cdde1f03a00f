/**
 * Adding a lesson is adding its folders and its metadata: a scratch 12th
 * lesson, written into a copy of the fixture course, is found by discovery,
 * passes the structure check, and shows up in the parts and the README's
 * chapter table, with no list edited anywhere.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { listLessons, readLesson, type Lesson } from '../src/discover.ts';
import { partsList } from '../src/parts.ts';
import { renderCourseReadme, renderReadme } from '../src/readme.ts';
import { parseLessonMeta } from '../src/schema.ts';
import { checkLessonStructure, filesBelow } from '../src/structure.ts';

const fixtureCourse = path.join(import.meta.dirname, 'fixtures', 'course');
const scratch: string[] = [];

afterEach(() => {
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const twelfth = '12-a-quiet-sky';

/** Writes `files` (path → text) below `root`. */
function write(root: string, files: Record<string, string>): void {
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
}

/** The `course` key of the scratch lesson. */
const twelfthMeta = {
  chapter: 12,
  title: 'A Quiet Sky',
  summary: 'A scratch lesson, added by its folders and its metadata alone.',
  part: 'beyond',
  points: 5,
  timingSensitive: false,
  timeoutSeconds: 30,
  exercise: { file: 'src/sky.ts', exports: ['quietSky'] },
  provided: ['src/stars-above.ts'],
  hints: ['Count what is not there.'],
};

/**
 * A copy of the fixture course with a 12th lesson added the way the root
 * README says: the lesson's folder, its solution's folder, and nothing else.
 */
function courseWithATwelfthLesson(): string {
  const course = mkdtempSync(path.join(tmpdir(), 'catalog-twelfth-'));
  scratch.push(course);
  cpSync(fixtureCourse, course, { recursive: true, filter: (source) => !source.includes('node_modules') });
  write(path.join(course, 'lessons', twelfth), {
    'README.md': [
      '# A Quiet Sky',
      '',
      '<!-- course:header:start -->',
      '<!-- course:header:end -->',
      '',
      'The story of the chapter.',
      '',
      '<!-- course:hints:start -->',
      '<!-- course:hints:end -->',
      '',
    ].join('\n'),
    'package.json': `${JSON.stringify({ name: `fixture-${twelfth}`, private: true, type: 'module', course: twelfthMeta }, null, 2)}\n`,
    'vitest.config.ts': "export default { test: { include: ['test/**/*.test.ts'] } };\n",
    'test/sky.test.ts': [
      "import { expect, test } from 'vitest';",
      "import { quietSky } from '../src/sky.ts';",
      '',
      "test('a quiet sky has no stars', () => expect(quietSky()).toBe(0));",
      '',
    ].join('\n'),
    'src/sky.ts': [
      "import { starsAbove } from './stars-above.ts';",
      '',
      '// TODO: count the stars that are not there.',
      'export function quietSky(): number {',
      '  throw new Error(`Not implemented: quietSky (there are ${starsAbove} stars above)`);',
      '}',
      '',
    ].join('\n'),
    // Provided finished: only the starter holds it.
    'src/stars-above.ts': 'export const starsAbove = 0;\n',
  });
  write(path.join(course, 'solutions', twelfth), {
    'src/sky.ts': [
      "import { starsAbove } from './stars-above.ts';",
      '',
      'export function quietSky(): number {',
      '  return starsAbove;',
      '}',
      '',
    ].join('\n'),
  });
  // The last step, `pnpm readmes`: the chapter's generated blocks from its metadata.
  const lesson = readLesson(path.join(course, 'lessons', twelfth));
  const readme = path.join(lesson.dir, 'README.md');
  writeFileSync(readme, renderReadme(readFileSync(readme, 'utf8'), lesson));
  return course;
}

function twelfthLesson(course: string): Lesson {
  return readLesson(path.join(course, 'lessons', twelfth));
}

describe('adding a 12th lesson', () => {
  test('changes nothing outside its two folders', () => {
    const course = courseWithATwelfthLesson();
    const outside = (root: string): string[] =>
      filesBelow(root).filter(
        (file) =>
          !file.includes('node_modules') &&
          !file.includes(twelfth) &&
          !file.startsWith(`solutions${path.sep}`),
      );
    expect(outside(course)).toEqual(outside(fixtureCourse));
    for (const file of outside(course)) {
      expect(readFileSync(path.join(course, file), 'utf8'), file).toBe(
        readFileSync(path.join(fixtureCourse, file), 'utf8'),
      );
    }
    expect(filesBelow(path.join(course, 'solutions'))).toEqual([
      path.join('01-counting-stars', 'src', 'stars.ts'),
      path.join(twelfth, 'src', 'sky.ts'),
    ]);
  });

  test('discovery finds it after the others, with its part and its provided file', () => {
    const lessons = listLessons(courseWithATwelfthLesson());
    expect(lessons.map((lesson) => lesson.id)).toEqual(['01-counting-stars', '02-endless-night', twelfth]);
    const added = lessons.at(-1);
    expect(added?.number).toBe(12);
    expect(added?.meta.part).toBe('beyond');
    expect(added?.meta.provided).toEqual(['src/stars-above.ts']);
  });

  test('the structure check finds nothing wrong, though the solution has no copy of the provided file', () => {
    expect(checkLessonStructure(twelfthLesson(courseWithATwelfthLesson()))).toEqual([]);
  });

  test('the parts and the root README pick it up', () => {
    const lessons = listLessons(courseWithATwelfthLesson());
    expect(partsList(lessons).split('\n')).toEqual([
      expect.stringMatching(/^- \*\*Waiting\*\* \(chapters 1–2\): /),
      expect.stringMatching(/^- \*\*Beyond\*\* \(chapter 12\): /),
    ]);
    const readme = [
      '# A fixture course',
      '',
      '<!-- course:chapters:start -->',
      '<!-- course:chapters:end -->',
      '',
      '<!-- course:parts:start -->',
      '<!-- course:parts:end -->',
      '',
    ].join('\n');
    const rendered = renderCourseReadme(readme, lessons);
    expect(rendered).toMatch(
      /\n\| \[12 A Quiet Sky\]\(lessons\/12-a-quiet-sky\) +\| Beyond +\| A scratch lesson, added by its folders and its metadata alone\. +\|\n/,
    );
    expect(rendered).toContain('- **Beyond** (chapter 12): shared memory and Atomics');
    expect(renderCourseReadme(rendered, lessons)).toBe(rendered);
  });
});

describe('provided files', () => {
  test('a solution, wrong or not, that keeps a copy of a provided file is told to delete it', () => {
    const course = courseWithATwelfthLesson();
    const copy = 'export const starsAbove = 0;\n';
    write(path.join(course, 'solutions', twelfth), {
      'src/stars-above.ts': copy,
      'wrong/counts-the-moon/src/stars-above.ts': copy,
    });
    expect(checkLessonStructure(twelfthLesson(course))).toEqual([
      `solutions/${twelfth}/src/stars-above.ts is a copy of the provided src/stars-above.ts: delete it (the tests reach the lesson's own copy)`,
      `solutions/${twelfth}/wrong/counts-the-moon/src/stars-above.ts is a copy of the provided src/stars-above.ts: delete it (the tests reach the lesson's own copy)`,
    ]);
  });

  test('a provided file missing from the starter is reported', () => {
    const course = courseWithATwelfthLesson();
    rmSync(path.join(course, 'lessons', twelfth, 'src', 'stars-above.ts'));
    expect(checkLessonStructure(twelfthLesson(course))).toEqual([
      'src/stars-above.ts is listed in course.provided but missing from the starter',
    ]);
  });

  test('without provided, the file is a starter file like any other and needs its counterpart', () => {
    const course = courseWithATwelfthLesson();
    const manifest = path.join(course, 'lessons', twelfth, 'package.json');
    const { provided: _provided, ...withoutProvided } = twelfthMeta;
    writeFileSync(manifest, JSON.stringify({ name: `fixture-${twelfth}`, course: withoutProvided }));
    expect(checkLessonStructure(twelfthLesson(course))).toEqual([
      "src/stars-above.ts has no counterpart in the solution's src/",
    ]);
  });

  test.each([
    [['../package.json'], 'course.provided.0: must be a file under src/'],
    [['src/../../package.json'], 'course.provided.0: must not climb out of src/'],
  ])('refuses provided: %o', (provided, problem) => {
    const result = parseLessonMeta({ ...twelfthMeta, provided });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems).toContain(problem);
  });

  test('a lesson without provided provides nothing', () => {
    const { provided: _provided, ...withoutProvided } = twelfthMeta;
    const result = parseLessonMeta(withoutProvided);
    expect(result.ok && result.meta.provided).toEqual([]);
  });

  test('a part the catalog does not know is refused', () => {
    const result = parseLessonMeta({ ...twelfthMeta, part: 'wandering' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.join('\n')).toContain('course.part');
  });
});
