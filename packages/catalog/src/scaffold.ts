/**
 * `pnpm new-lesson`: the folders of a new lesson, made the way the README's
 * "Adding a lesson" describes — the chapter with its generated blocks, a
 * starter that throws "Not implemented", one test, the one-line vitest
 * config, the package.json with its metadata, and a reference solution —
 * so that the structure check passes from the first minute and the author
 * replaces a working placeholder instead of starting from nothing.
 *
 * @module
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { LESSON_FOLDER, listLessons } from './discover.ts';
import { COURSE_PARTS } from './parts.ts';
import { renderReadme } from './readme.ts';
import { parseLessonMeta } from './schema.ts';

/** What the author gives. */
export interface NewLesson {
  /** The slug of the folder name, in kebab case: `the-quiet-sky`. */
  readonly slug: string;
  /** The chapter's title, as the story names it. */
  readonly title: string;
  /** One of the course's parts (default `beyond`). */
  readonly part?: string;
}

/** Thrown for a slug, title or part the course cannot take; the message says what is wrong. */
export class ScaffoldError extends Error {
  override name = 'ScaffoldError';
}

const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

/**
 * Writes a new lesson after the last one in `courseRoot`, and its reference
 * solution; returns the files written, relative to the course.
 */
export function scaffoldLesson(courseRoot: string, wanted: NewLesson): string[] {
  const lessons = listLessons(courseRoot);
  const chapter = Math.max(0, ...lessons.map((lesson) => lesson.meta.chapter)) + 1;
  const folder = `${String(chapter).padStart(2, '0')}-${wanted.slug}`;
  if (!LESSON_FOLDER.test(folder)) {
    throw new ScaffoldError(`"${wanted.slug}" is not a kebab-case slug (like the-quiet-sky)`);
  }
  if (chapter > 99) throw new ScaffoldError('the course already has 99 lessons');
  const title = wanted.title.trim();
  if (title === '') throw new ScaffoldError('give the chapter a title');
  const part = wanted.part ?? 'beyond';
  const parts: readonly string[] = COURSE_PARTS.map((known) => known.id);
  if (!parts.includes(part)) {
    throw new ScaffoldError(`part must be one of ${parts.join(', ')}, not "${part}"`);
  }
  const lessonDir = path.join(courseRoot, 'lessons', folder);
  const solutionDir = path.join(courseRoot, 'solutions', folder);
  for (const dir of [lessonDir, solutionDir]) {
    if (existsSync(dir)) throw new ScaffoldError(`${path.relative(courseRoot, dir)} already exists`);
  }

  const course = {
    chapter,
    title,
    summary: `TODO: one sentence on what chapter ${chapter} teaches.`,
    part,
    points: 10,
    timingSensitive: false,
    timeoutSeconds: 60,
    exercise: { file: 'src/spell.ts', exports: ['castSpell'] },
    hints: ['TODO: the first hint, the gentlest.'],
  };
  const parsed = parseLessonMeta(course);
  // The course's own schema must take what this writes; if not, a bug here, not the author's mistake.
  if (!parsed.ok) {
    throw new Error(`new-lesson wrote metadata its schema refuses: ${parsed.problems.join('; ')}`);
  }
  const meta = parsed.meta;
  const manifest = {
    name: `@spellbook/lesson-${folder}`,
    version: '0.1.0',
    private: true,
    type: 'module',
    scripts: {
      test: 'vitest run --configLoader runner',
      watch: 'vitest watch --configLoader runner',
      verify: 'verify-lesson .',
    },
    course,
    devDependencies: {
      '@spellbook/catalog': 'workspace:*',
      '@spellbook/test-kit': 'workspace:*',
      '@types/node': 'catalog:',
      typescript: 'catalog:',
      vitest: 'catalog:',
    },
  };
  const readme = renderReadme(
    [
      `# ${title}`,
      '',
      '<!-- course:header:start -->',
      '<!-- course:header:end -->',
      '',
      '## The story',
      '',
      'TODO: the chapter of the story.',
      '',
      '## In Node terms',
      '',
      'TODO: the idea, with what Node does and a measurement that shows it.',
      '',
      '## Your task',
      '',
      'TODO: what `castSpell` must do, in words the tests hold it to.',
      '',
      '## Hints',
      '',
      '<!-- course:hints:start -->',
      '<!-- course:hints:end -->',
      '',
    ].join('\n'),
    { id: folder, number: chapter, code: folder.slice(0, 2), dir: lessonDir, solutionDir, meta },
  );
  const files: Record<string, string> = {
    [path.join(lessonDir, 'README.md')]: readme,
    [path.join(lessonDir, 'package.json')]: json(manifest),
    [path.join(lessonDir, 'tsconfig.json')]: json({
      extends: '../../tsconfig.base.json',
      include: ['src', 'test', 'vitest.config.ts'],
    }),
    [path.join(lessonDir, 'vitest.config.ts')]: [
      "import { lessonConfig } from '@spellbook/test-kit/preset';",
      '',
      'export default lessonConfig(import.meta.dirname);',
      '',
    ].join('\n'),
    [path.join(lessonDir, 'src', 'spell.ts')]: [
      '/**',
      ` * Chapter ${chapter} — ${title}.`,
      ' *',
      ' * @module',
      ' */',
      '',
      '/** TODO: what the spell does. */',
      'export function castSpell(word: string): string {',
      '  // TODO: the student works here.',
      "  throw new Error(`Not implemented: castSpell('${word}')`);",
      '}',
      '',
    ].join('\n'),
    [path.join(solutionDir, 'src', 'spell.ts')]: [
      '/**',
      ` * Chapter ${chapter} — ${title} (reference solution).`,
      ' *',
      ' * @module',
      ' */',
      '',
      '/** A placeholder spell: the word read backwards. */',
      'export function castSpell(word: string): string {',
      "  return [...word].reverse().join('');",
      '}',
      '',
    ].join('\n'),
    [path.join(lessonDir, 'test', 'spell.test.ts')]: [
      "import { describe, expect, test } from 'vitest';",
      "import { castSpell } from '../src/spell.ts';",
      '',
      '// A placeholder: replace it with tests that hold the exercise to what the chapter asks.',
      "describe('castSpell', () => {",
      "  test('reads the word backwards', () => {",
      "    expect(castSpell('moot')).toBe('toom');",
      '  });',
      '});',
      '',
    ].join('\n'),
  };
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  return Object.keys(files).map((file) => path.relative(courseRoot, file).split(path.sep).join('/'));
}
