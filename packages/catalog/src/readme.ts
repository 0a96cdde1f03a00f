/**
 * The parts of a chapter's README that come from its metadata: a header line
 * (chapter, points, the file to edit) and the hints. They sit between
 * `<!-- course:NAME:start -->` and `<!-- course:NAME:end -->` markers and are
 * rewritten by `pnpm readmes`, so the chapter and the metadata never drift.
 *
 * @module
 */
import type { Lesson } from './discover.ts';

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

/** The README text with every generated block brought up to date. */
export function renderReadme(readme: string, lesson: Lesson): string {
  let text = readme;
  for (const [name, content] of Object.entries(readmeBlocks(lesson))) {
    // The blank lines around the content are the ones Prettier wants, so formatting never fights this.
    text = text.replace(block(name), (_all, start: string, end: string) => `${start}\n${content}\n\n${end}`);
  }
  return text;
}

/** Names of the generated blocks that are missing from the README. */
export function missingReadmeBlocks(readme: string): string[] {
  return ['header', 'hints'].filter((name) => !block(name).test(readme));
}
