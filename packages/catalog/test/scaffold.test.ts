/**
 * `pnpm new-lesson`: the next lesson's folders, made in a copy of the
 * fixture course, pass the structure check at once; the placeholder starter
 * fails its test and the placeholder solution passes it; a slug, part or
 * folder the course cannot take is a one-line error with exit status 2.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, test } from 'vitest';
import { listLessons } from '../src/discover.ts';
import { scaffoldLesson, ScaffoldError } from '../src/scaffold.ts';
import { checkLessonStructure } from '../src/structure.ts';

const fixtureCourse = path.join(import.meta.dirname, 'fixtures', 'course');
const cli = path.join(import.meta.dirname, '..', 'bin', 'new-lesson.mjs');
const scratch: string[] = [];

afterEach(() => {
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function courseCopy(): string {
  const course = mkdtempSync(path.join(tmpdir(), 'catalog-new-lesson-'));
  scratch.push(course);
  cpSync(fixtureCourse, course, { recursive: true, filter: (source) => !source.includes('node_modules') });
  // The new lesson's tsconfig extends the course's.
  cpSync(
    path.join(import.meta.dirname, '..', '..', '..', 'tsconfig.base.json'),
    path.join(course, 'tsconfig.base.json'),
  );
  return course;
}

type Spell = { castSpell: (word: string) => string };

describe('new-lesson', () => {
  test('makes the next lesson and its solution, which pass the structure check', async () => {
    const course = courseCopy();
    const before = listLessons(course).length;
    const files = scaffoldLesson(course, { slug: 'a-quiet-sky', title: 'A Quiet Sky' });
    const folder = `0${before + 1}-a-quiet-sky`;
    expect(files).toContain(`lessons/${folder}/src/spell.ts`);
    expect(files).toContain(`solutions/${folder}/src/spell.ts`);

    const lessons = listLessons(course);
    const made = lessons.at(-1);
    expect(made?.id).toBe(folder);
    expect(made?.meta).toMatchObject({ chapter: before + 1, title: 'A Quiet Sky', part: 'beyond' });
    expect(made && checkLessonStructure(made)).toEqual([]);
    expect(readFileSync(path.join(course, 'lessons', folder, 'README.md'), 'utf8')).toMatch(
      /^# A Quiet Sky\n\n<!-- course:header:start -->\n\n> \*\*Chapter 3\*\*/,
    );

    // The placeholder exercise is honest: the starter fails its test, the solution passes it.
    const load = async (dir: string) =>
      (await import(pathToFileURL(path.join(course, dir, folder, 'src', 'spell.ts')).href)) as Spell;
    await expect(load('lessons').then(({ castSpell }) => castSpell('moot'))).rejects.toThrow(
      /Not implemented: castSpell\('moot'\)/,
    );
    expect((await load('solutions')).castSpell('moot')).toBe('toom');
  });

  test('refuses what the course cannot take, saying what is wrong', () => {
    const course = courseCopy();
    expect(() => scaffoldLesson(course, { slug: 'Not A Slug', title: 'The X' })).toThrow(ScaffoldError);
    expect(() => scaffoldLesson(course, { slug: 'x', title: 'X' })).toThrow(/title: Too small/);
    expect(() => scaffoldLesson(course, { slug: 'x', title: 'The X', part: 'middle' })).toThrow(
      /part must be one of waiting, thinking, choosing, beyond, capstone, not "middle"/,
    );
    expect(() => scaffoldLesson(course, { slug: 'x', title: '  ' })).toThrow(/give the chapter a title/);
    scaffoldLesson(course, { slug: 'x', title: 'The X' });
    // The next call numbers the one after; the same folder twice cannot happen, but a stray solution folder is found.
    cpSync(path.join(course, 'solutions', '03-x'), path.join(course, 'solutions', '04-y'), {
      recursive: true,
    });
    expect(() => scaffoldLesson(course, { slug: 'y', title: 'The Y' })).toThrow(
      /solutions.04-y already exists/,
    );
  });

  test('the command: one line and exit 2 for bad usage; the files and the next steps when it works', () => {
    const course = courseCopy();
    const run = (...args: string[]) =>
      spawnSync(process.execPath, [cli, ...args], {
        cwd: course,
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1' },
      });
    const missingTitle = run('a-quiet-sky');
    expect(missingTitle.status).toBe(2);
    expect(missingTitle.stderr.trim().split('\n')).toEqual([
      'new-lesson: usage: pnpm new-lesson <slug> --title "<Title>" [--part waiting|thinking|choosing|beyond|capstone]',
    ]);
    const unknown = run('a-quiet-sky', '--title', 'A Quiet Sky', '--colour', 'blue');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/^new-lesson: Unknown option '--colour'/);
    const made = run('a-quiet-sky', '--title', 'A Quiet Sky');
    expect(made.status, made.stderr).toBe(0);
    expect(made.stdout).toContain('Made lessons/03-a-quiet-sky and its solution:');
    expect(made.stdout).toContain('cd lessons/03-a-quiet-sky && pnpm verify');
  }, 30_000);
});
