/**
 * What grading a class costs: classes of 10, 20 and 30 submissions made from
 * the reference solutions (every fifth student hands in a starter for one
 * lesson, every seventh a lesson that does not compile), graded with
 * `--jobs 2`. Reports the wall time and the peak resident memory of the
 * grader's whole process group (the grader, vitest and its test processes),
 * sampled five times a second from /proc.
 *
 * Run: `pnpm bench:grading` (from the repository root). `--lessons 01,02`
 * chooses the lessons (default 01,02,03,08: the quick ones, so that a class
 * of 30 takes minutes, not hours); `--sizes 10,20,30` the class sizes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { findLesson, listLessons } from '@spellbook/catalog';
import { gradeClass, makeClass } from './class.ts';

const courseRoot = fileURLToPath(new URL('../..', import.meta.url));
const { values } = parseArgs({
  options: {
    lessons: { type: 'string', default: '01,02,03,08' },
    sizes: { type: 'string', default: '10,20,30' },
  },
});
const allLessons = listLessons(courseRoot);
const lessons = values.lessons.split(',').map((wanted) => {
  const lesson = findLesson(allLessons, wanted);
  if (!lesson) throw new Error(`--lessons: no lesson "${wanted}" in this course`);
  return lesson;
});
const wanted = lessons.map((lesson) => lesson.code);
const sizes = values.sizes.split(',').map(Number);

const rows: string[] = [];
for (const size of sizes) {
  const root = mkdtempSync(path.join(tmpdir(), 'spellbook-class-'));
  const dir = path.join(root, 'class');
  makeClass(dir, size, lessons);
  console.error(`grading a class of ${size} × ${lessons.length} lessons…`);
  const { seconds, peakMiB, exit } = await gradeClass(
    courseRoot,
    dir,
    lessons,
    path.join(root, 'report.json'),
  );
  rows.push(
    `| ${size} | ${lessons.length} | ${seconds.toFixed(1)} s | ${(seconds / size).toFixed(2)} s | ${Math.round(peakMiB)} MiB | ${exit} |`,
  );
  rmSync(root, { recursive: true, force: true });
}
console.log(`Lessons ${wanted.join(', ')}, --jobs 2, Node ${process.version}\n`);
console.log('| submissions | lessons | wall time | per submission | peak memory (whole group) | exit |');
console.log('| ---: | ---: | ---: | ---: | ---: | ---: |');
for (const row of rows) console.log(row);
