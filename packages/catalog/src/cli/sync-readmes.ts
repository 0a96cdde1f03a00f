/**
 * `pnpm readmes` — rewrites the generated blocks (header, hints) of every
 * chapter README from the lesson's metadata.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { findCourseRoot, listLessons } from '../discover.ts';
import { renderReadme } from '../readme.ts';

try {
  for (const lesson of listLessons(findCourseRoot())) {
    const file = path.join(lesson.dir, 'README.md');
    const before = readFileSync(file, 'utf8');
    const after = renderReadme(before, lesson);
    if (after !== before) {
      writeFileSync(file, after);
      console.log(`updated ${path.relative(process.cwd(), file)}`);
    }
  }
} catch (error) {
  console.error(`readmes: ${(error as Error).message}`);
  process.exitCode = 2;
}
