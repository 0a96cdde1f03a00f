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
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { findLesson, groupUsage, listLessons } from '@spellbook/catalog';

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

function makeClass(dir: string, size: number): void {
  for (let i = 1; i <= size; i += 1) {
    const student = path.join(dir, `student-${String(i).padStart(2, '0')}`);
    lessons.forEach((lesson, index) => {
      const target = path.join(student, 'lessons', lesson.id, 'src');
      mkdirSync(path.dirname(target), { recursive: true });
      const brokenByStarter = i % 5 === 0 && index === i % lessons.length;
      cpSync(path.join(brokenByStarter ? lesson.dir : lesson.solutionDir, 'src'), target, {
        recursive: true,
      });
      if (i % 7 === 0 && index === 0) {
        writeFileSync(
          path.join(target, lesson.meta.exercise.file.replace(/^src\//, '')),
          'export const = ;\n',
        );
      }
    });
  }
}

async function gradeClass(dir: string): Promise<{ seconds: number; peakMiB: number; exit: number | null }> {
  const started = performance.now();
  const child = spawn(
    process.execPath,
    [
      path.join(courseRoot, 'packages/grader/bin/grade.mjs'),
      '--submissions',
      dir,
      '--lessons',
      wanted.join(','),
      '--jobs',
      '2',
      '--json',
      path.join(dir, '..', 'report.json'),
    ],
    { cwd: courseRoot, detached: true, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  let peakMiB = 0;
  const sampler = setInterval(() => {
    if (child.pid !== undefined) peakMiB = Math.max(peakMiB, groupUsage(child.pid).memoryMb);
  }, 200);
  const exit = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearInterval(sampler);
  return { seconds: (performance.now() - started) / 1000, peakMiB, exit };
}

const rows: string[] = [];
for (const size of sizes) {
  const root = mkdtempSync(path.join(tmpdir(), 'spellbook-class-'));
  const dir = path.join(root, 'class');
  makeClass(dir, size);
  console.error(`grading a class of ${size} × ${lessons.length} lessons…`);
  const { seconds, peakMiB, exit } = await gradeClass(dir);
  rows.push(
    `| ${size} | ${lessons.length} | ${seconds.toFixed(1)} s | ${(seconds / size).toFixed(2)} s | ${Math.round(peakMiB)} MiB | ${exit} |`,
  );
  rmSync(root, { recursive: true, force: true });
}
console.log(`Lessons ${wanted.join(', ')}, --jobs 2, Node ${process.version}\n`);
console.log('| submissions | lessons | wall time | per submission | peak memory (whole group) | exit |');
console.log('| ---: | ---: | ---: | ---: | ---: | ---: |');
for (const row of rows) console.log(row);
