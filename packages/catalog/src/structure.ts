/**
 * Static checks of a lesson folder: the pieces every lesson must have, and the
 * exercise contract written in its metadata. Cheap, so they run before any test.
 *
 * @module
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Lesson } from './discover.ts';
import { missingReadmeBlocks, renderReadme } from './readme.ts';

/** Lists the files below `dir`, as paths relative to it. */
export function filesBelow(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();
}

function exportsName(source: string, name: string): boolean {
  const declared = new RegExp(`export\\s+(?:async\\s+)?(?:function\\*?|const|let|class)\\s+${name}\\b`);
  const listed = new RegExp(`export\\s*\\{[^}]*\\b${name}\\b[^}]*\\}`);
  return declared.test(source) || listed.test(source);
}

/** Everything wrong with the lesson's folder layout and contract; empty when all is well. */
export function checkLessonStructure(lesson: Lesson): string[] {
  const problems: string[] = [];
  const readme = path.join(lesson.dir, 'README.md');
  if (!existsSync(readme)) problems.push('README.md (the chapter) is missing');
  else {
    const text = readFileSync(readme, 'utf8');
    if (!/^# \S/.test(text)) problems.push('README.md must start with a "# Title" line');
    for (const name of missingReadmeBlocks(text)) {
      problems.push(`README.md has no <!-- course:${name}:start/end --> block`);
    }
    if (renderReadme(text, lesson) !== text) {
      problems.push('README.md is out of date with package.json: run `pnpm readmes`');
    }
  }

  if (!existsSync(path.join(lesson.dir, 'vitest.config.ts'))) problems.push('vitest.config.ts is missing');
  if (!filesBelow(path.join(lesson.dir, 'test')).some((file) => file.endsWith('.test.ts'))) {
    problems.push('test/ holds no *.test.ts file');
  }

  const { file, exports } = lesson.meta.exercise;
  const starterPath = path.join(lesson.dir, file);
  const solutionPath = path.join(lesson.solutionDir, file);
  if (!existsSync(starterPath)) {
    problems.push(`the exercise file ${file} is missing from the starter`);
  } else {
    const starter = readFileSync(starterPath, 'utf8');
    if (!starter.includes('// TODO')) {
      problems.push(`${file}: the starter has no "// TODO" telling the student where to work`);
    }
    if (!starter.includes('Not implemented')) {
      problems.push(`${file}: the starter should throw new Error('Not implemented: …') where work is needed`);
    }
    for (const name of exports) {
      if (!exportsName(starter, name)) problems.push(`${file}: the starter does not export ${name}`);
    }
  }
  if (!existsSync(solutionPath)) {
    problems.push(
      `the reference solution ${path.relative(path.dirname(lesson.dir), solutionPath)} is missing`,
    );
  } else {
    const solution = readFileSync(solutionPath, 'utf8');
    for (const name of exports) {
      if (!exportsName(solution, name)) problems.push(`the solution's ${file} does not export ${name}`);
    }
    if (solution.includes('Not implemented')) {
      problems.push(`the solution's ${file} still says "Not implemented"`);
    }
  }

  const solutionFiles = new Set(filesBelow(path.join(lesson.solutionDir, 'src')));
  for (const starterFile of filesBelow(path.join(lesson.dir, 'src'))) {
    if (!solutionFiles.has(starterFile)) {
      problems.push(`src/${starterFile} has no counterpart in the solution's src/`);
    }
  }
  return problems;
}
