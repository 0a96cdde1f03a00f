/**
 * A class of submissions made from the reference solutions, and what grading
 * it costs: used by `pnpm bench:grading` and `pnpm bench:checks`.
 *
 * @module
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { groupUsage, type Lesson } from '@spellbook/catalog';

/**
 * Writes `size` submissions into `dir`, one folder per student, made from the
 * reference solutions of `lessons`: every fifth student hands in the starter
 * for one lesson, every seventh a first lesson that does not compile.
 */
export function makeClass(dir: string, size: number, lessons: readonly Lesson[]): void {
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

/** What grading a class cost. */
export interface ClassGrading {
  readonly seconds: number;
  /** The peak resident memory of the grader's whole process group, sampled five times a second. */
  readonly peakMiB: number;
  readonly exit: number | null;
}

/** Grades the class in `dir` with `pnpm grade --submissions dir --jobs 2`, from the course in `courseRoot`. */
export async function gradeClass(
  courseRoot: string,
  dir: string,
  lessons: readonly Lesson[],
  reportFile: string,
): Promise<ClassGrading> {
  const started = performance.now();
  const child = spawn(
    process.execPath,
    [
      path.join(courseRoot, 'packages/grader/bin/grade.mjs'),
      '--submissions',
      dir,
      '--lessons',
      lessons.map((lesson) => lesson.code).join(','),
      '--jobs',
      '2',
      '--json',
      reportFile,
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
