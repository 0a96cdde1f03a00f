/**
 * Static checks of a lesson folder: the pieces every lesson must have, and the
 * exercise contract written in its metadata. Cheap, so they run before any test.
 *
 * @module
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { findCourseRoot, type Lesson } from './discover.ts';
import {
  BENCH_RESULTS,
  CHAPTER_RESULTS,
  quotesBench,
  readBenchResults,
  renderBenchFigures,
} from './bench-figures.ts';
import { handTypedFigureProblems } from './prose-figures.ts';
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

/** The folders of a lesson's solutions: the reference, then each known-wrong one and each written another way. */
function solutionFolders(lesson: Lesson): string[] {
  const inside = (name: string): string[] => {
    const root = path.join(lesson.solutionDir, name);
    if (!existsSync(root)) return [];
    return readdirSync(root, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => path.join(root, entry.name))
      .sort();
  };
  return [lesson.solutionDir, ...inside('wrong'), ...inside('other-ways')];
}

/**
 * What is wrong with the files the lesson provides finished (`provided`):
 * each must be in the starter and in no solution, since the import switch
 * sends every solution's references to them to the starter's copy anyway.
 */
function checkProvidedFiles(lesson: Lesson): string[] {
  const problems: string[] = [];
  const { provided, exercise } = lesson.meta;
  for (const file of provided) {
    if (file === exercise.file) problems.push(`${file} is the exercise file, so it cannot also be provided`);
    if (!existsSync(path.join(lesson.dir, file))) {
      problems.push(`${file} is listed in course.provided but missing from the starter`);
    }
    for (const folder of solutionFolders(lesson)) {
      if (existsSync(path.join(folder, file))) {
        const courseRoot = path.dirname(path.dirname(lesson.dir));
        const copy = path.relative(courseRoot, path.join(folder, file)).split(path.sep).join('/');
        problems.push(
          `${copy} is a copy of the provided ${file}: delete it (the tests reach the lesson's own copy)`,
        );
      }
    }
  }
  return problems;
}

/** What is wrong with the figures a README quotes from the benchmark: missing results, an unknown name, drift. */
function benchFigureProblems(text: string, lesson: Lesson): string[] {
  if (!quotesBench(text)) return [];
  // Markdown reads a line that begins with `<!--` as raw HTML, which would cut the sentence in two.
  const lineStart = /^[ \t]*<!-- figure:/m.test(text)
    ? ['README.md has a line that begins with a <!-- figure: --> marker: start the line with a word instead']
    : [];
  try {
    const results = readBenchResults(findCourseRoot(lesson.dir));
    if (!results) {
      return [...lineStart, `README.md quotes the benchmark, but the course has no ${BENCH_RESULTS}`];
    }
    return renderBenchFigures(text, results) === text
      ? lineStart
      : [
          ...lineStart,
          `README.md quotes figures that differ from ${BENCH_RESULTS} or ${CHAPTER_RESULTS}: run \`pnpm readmes\``,
        ];
  } catch (error) {
    return [...lineStart, `README.md's benchmark figures: ${(error as Error).message}`];
  }
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
    problems.push(...benchFigureProblems(text, lesson));
    problems.push(...handTypedFigureProblems(text));
  }

  if (!existsSync(path.join(lesson.dir, 'vitest.config.ts'))) problems.push('vitest.config.ts is missing');
  const testFiles = filesBelow(path.join(lesson.dir, 'test')).filter((file) => file.endsWith('.test.ts'));
  if (testFiles.length === 0) problems.push('test/ holds no *.test.ts file');
  const { prediction } = lesson.meta;
  if (prediction) {
    // The names are written in the test files as describe and test titles.
    const sources = testFiles.map((file) => readFileSync(path.join(lesson.dir, 'test', file), 'utf8'));
    const missing = prediction.test
      .split(' > ')
      .filter(
        (title) =>
          !sources.some((source) => source.includes(`'${title}'`) || source.includes(`\`${title}\``)),
      );
    if (missing.length > 0) {
      problems.push(
        `course.prediction.test names a test that is not there (no title ${JSON.stringify(missing[0])})`,
      );
    }
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

  problems.push(...checkProvidedFiles(lesson));
  const solutionFiles = new Set(filesBelow(path.join(lesson.solutionDir, 'src')));
  for (const starterFile of filesBelow(path.join(lesson.dir, 'src'))) {
    // A provided file has no counterpart on purpose: there is one copy, the starter's.
    if (lesson.meta.provided.includes(`src/${starterFile.split(path.sep).join('/')}`)) continue;
    if (!solutionFiles.has(starterFile)) {
      problems.push(`src/${starterFile} has no counterpart in the solution's src/`);
    }
  }
  return problems;
}
