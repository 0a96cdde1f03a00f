/**
 * The parts of a chapter's README that come from its metadata: a header line
 * (chapter, points, the file to edit) and the hints; and the parts of the
 * course's root README that come from every lesson's: the chapter table and
 * the list of the course's parts. They sit between
 * `<!-- course:NAME:start -->` and `<!-- course:NAME:end -->` markers and are
 * rewritten by `pnpm readmes`, so the chapters, the README and the metadata
 * never drift.
 *
 * @module
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { quotesBench, readBenchResults, renderBenchFigures, type BenchResults } from './bench-figures.ts';
import { listLessons, type Lesson } from './discover.ts';
import { markdownTable } from './markdown-table.ts';
import { partName, partsList } from './parts.ts';

/** The generated blocks of a lesson's README, by marker name. */
export function readmeBlocks(lesson: Lesson): Record<'header' | 'hints', string> {
  const { meta } = lesson;
  const header = [
    `> **Chapter ${meta.chapter}** · ${meta.points} points · ${meta.summary}`,
    `>`,
    `> Edit \`${meta.exercise.file}\` — it must export ${meta.exercise.exports.map((name) => `\`${name}\``).join(', ')}.` +
      (meta.timingSensitive ? ' Its tests measure speed: run them on a quiet machine.' : ''),
  ].join('\n');
  const hints = meta.hints
    .map((hint, index) => `<details>\n<summary>Hint ${index + 1}</summary>\n\n${hint}\n\n</details>`)
    .join('\n\n');
  return { header, hints };
}

const block = (name: string): RegExp =>
  new RegExp(`(<!-- course:${name}:start -->\\n)[\\s\\S]*?(<!-- course:${name}:end -->)`);

function renderBlocks(readme: string, blocks: Record<string, string>): string {
  let text = readme;
  for (const [name, content] of Object.entries(blocks)) {
    // The blank lines around the content are the ones Prettier wants, so formatting never fights this.
    text = text.replace(block(name), (_all, start: string, end: string) => `${start}\n${content}\n\n${end}`);
  }
  return text;
}

/**
 * The README text with every generated block brought up to date: the header
 * and hints from the lesson's metadata, and, given the benchmark's `results`,
 * every figure it quotes from them (see bench-figures.ts).
 */
export function renderReadme(readme: string, lesson: Lesson, results?: BenchResults): string {
  const text = renderBlocks(readme, readmeBlocks(lesson));
  return results && quotesBench(text) ? renderBenchFigures(text, results) : text;
}

/** Names of the generated blocks that are missing from the README. */
export function missingReadmeBlocks(readme: string): string[] {
  return ['header', 'hints'].filter((name) => !block(name).test(readme));
}

/** The generated blocks of the course's root README, by marker name: the chapter table and the parts. */
export function courseReadmeBlocks(lessons: readonly Lesson[]): Record<'chapters' | 'parts', string> {
  const chapters = markdownTable(
    ['chapter', 'part', 'the idea'],
    lessons.map((lesson) => [
      `[${lesson.code} ${lesson.meta.title}](lessons/${lesson.id})`,
      partName(lesson),
      lesson.meta.summary,
    ]),
  );
  return { chapters, parts: partsList(lessons) };
}

/** The root README text with its chapter table and parts brought up to date from `lessons`. */
export function renderCourseReadme(readme: string, lessons: readonly Lesson[]): string {
  return renderBlocks(readme, courseReadmeBlocks(lessons));
}

/** Names of the generated blocks that are missing from the root README. */
export function missingCourseReadmeBlocks(readme: string): string[] {
  return ['chapters', 'parts'].filter((name) => !block(name).test(readme));
}

/**
 * Brings every generated block of the course's READMEs up to date — the
 * chapters' headers, hints and benchmark figures, the root README's chapter
 * table and parts — and returns the files it rewrote.
 */
export function syncReadmes(courseRoot: string): string[] {
  const updated: string[] = [];
  const update = (file: string, render: (text: string) => string): void => {
    // A missing README is the structure check's to name, not a reason to stop.
    if (!existsSync(file)) return;
    const before = readFileSync(file, 'utf8');
    const after = render(before);
    if (after === before) return;
    writeFileSync(file, after);
    updated.push(file);
  };
  const lessons = listLessons(courseRoot);
  const results = readBenchResults(courseRoot);
  for (const lesson of lessons) {
    update(path.join(lesson.dir, 'README.md'), (text) => renderReadme(text, lesson, results));
  }
  update(path.join(courseRoot, 'README.md'), (text) => renderCourseReadme(text, lessons));
  return updated;
}
