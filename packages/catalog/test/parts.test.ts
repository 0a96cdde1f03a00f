import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { findCourseRoot, listLessons, type Lesson } from '../src/discover.ts';
import { chapterRange, partHeading, partsList } from '../src/parts.ts';
import { pointAtProvidedFiles, providedRedirects } from '../src/provided.mjs';
import { missingCourseReadmeBlocks, renderCourseReadme } from '../src/readme.ts';

const realCourse = findCourseRoot(import.meta.dirname);

describe('the parts of the course', () => {
  const numbered = (...numbers: number[]): Lesson[] => numbers.map((number) => ({ number }) as Lesson);

  test.each([
    [[7], 'chapter 7'],
    [[1, 2, 3], 'chapters 1–3'],
    [[3, 1, 2], 'chapters 1–3'],
    [[1, 2, 4], 'chapters 1–2, 4'],
    [[9, 11], 'chapters 9, 11'],
  ])('the chapters %o are %s', (numbers, words) => {
    expect(chapterRange(numbered(...numbers))).toBe(words);
  });

  test("the real course's parts are counted from its lessons", () => {
    const lessons = listLessons(realCourse);
    expect(partsList(lessons)).toMatch(/^- \*\*Waiting\*\* \(chapters 1–3\): /);
    expect(partHeading(lessons, 'waiting', 'pages over the network')).toBe(
      'Waiting: pages over the network (chapters 1–3)',
    );
  });

  test("the benchmark's last results carry the part headings bench.ts writes today", () => {
    const latest = path.join(realCourse, 'bench', 'results', 'latest.md');
    if (!existsSync(latest)) return;
    const lessons = listLessons(realCourse);
    const text = readFileSync(latest, 'utf8');
    expect(text).toContain(`## ${partHeading(lessons, 'waiting', 'pages over the network')}\n`);
    expect(text).toContain(`## ${partHeading(lessons, 'thinking', 'the sum of the primes')}\n`);
  });

  test("the root README's chapter table and parts are up to date (else: pnpm readmes)", () => {
    const readme = readFileSync(path.join(realCourse, 'README.md'), 'utf8');
    expect(missingCourseReadmeBlocks(readme)).toEqual([]);
    expect(renderCourseReadme(readme, listLessons(realCourse))).toBe(readme);
  });
});

describe('reaching provided files', () => {
  const lesson = path.join(realCourse, 'lessons', '06-too-many-copies');
  const solution = path.join(realCourse, 'solutions', '06-too-many-copies');
  const redirects = providedRedirects(lesson, ['src/sum-range-worker.ts'], [solution]);
  const module = path.join(solution, 'src', 'how-many-copies.ts');
  const lessonCopy = "'../../../lessons/06-too-many-copies/src/sum-range-worker.ts'";

  test("the reference solution's worker URL and import reach the lesson's copy", () => {
    const code = readFileSync(module, 'utf8');
    const rewritten = pointAtProvidedFiles(code, module, redirects) ?? '';
    expect(rewritten).toContain(`new URL(${lessonCopy}, import.meta.url)`);
    expect(rewritten).toContain(`import sumRange from ${lessonCopy};`);
    expect(rewritten).not.toContain("'./sum-range-worker.ts'");
    expect(existsSync(path.join(lesson, 'src', 'sum-range-worker.ts'))).toBe(true);
  });

  test("a known-wrong solution's path into the reference solution's src/ is sent there too", () => {
    const wrong = path.join(solution, 'wrong', 'pools-left-running', 'src', 'how-many-copies.ts');
    expect(pointAtProvidedFiles("import x from '../../../src/sum-range-worker.ts';", wrong, redirects)).toBe(
      `import x from ${lessonCopy.replace("'../../../", "'../../../../../")};`,
    );
  });

  test("the string inside Stryker's instrumentation is found as well", () => {
    const instrumented =
      'tsWorker(new URL(stryMutAct_9fa48("3") ? "" : (stryCov_9fa48("3"), "./sum-range-worker.ts"), import.meta.url))';
    expect(pointAtProvidedFiles(instrumented, module, redirects)).toContain(
      '"../../../lessons/06-too-many-copies/src/sum-range-worker.ts"',
    );
  });

  test('other paths are left alone', () => {
    expect(
      pointAtProvidedFiles("import { x } from './how-many-copies.ts';", module, redirects),
    ).toBeUndefined();
  });
});
