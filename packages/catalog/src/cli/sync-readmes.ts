/**
 * `pnpm readmes` — rewrites the generated blocks (header, hints) of every
 * chapter README from the lesson's metadata, and the root README's chapter
 * table and parts from every lesson's.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { findCourseRoot, listLessons } from '../discover.ts';
import { renderCourseReadme, renderReadme } from '../readme.ts';

/** Writes `render`'s version of `file` when it differs from what is there. */
function update(file: string, render: (text: string) => string): void {
  const before = readFileSync(file, 'utf8');
  const after = render(before);
  if (after !== before) {
    writeFileSync(file, after);
    console.log(`updated ${path.relative(process.cwd(), file)}`);
  }
}

try {
  const courseRoot = findCourseRoot();
  const lessons = listLessons(courseRoot);
  for (const lesson of lessons) {
    update(path.join(lesson.dir, 'README.md'), (text) => renderReadme(text, lesson));
  }
  update(path.join(courseRoot, 'README.md'), (text) => renderCourseReadme(text, lessons));
} catch (error) {
  console.error(`readmes: ${(error as Error).message}`);
  process.exitCode = 2;
}
