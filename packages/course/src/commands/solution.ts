/**
 * `pnpm course solution <lesson>`: the reference solution, once the
 * student's own code passes (or with `--force`).
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { filesBelow } from '@spellbook/catalog';
import { defineCommand } from 'citty';
import pc from 'picocolors';
import { checkLesson, recordVerdict } from '../check.ts';
import { openCourse, requireLesson, shown } from '../course.ts';
import { UsageError } from '@spellbook/catalog';
import { readProgress } from '../progress.ts';
import { label } from '../render.ts';
import { isDone } from '../state.ts';
import { rootArg } from './shared.ts';

/** The options of `solution`. */
export const solutionArgs = {
  lesson: { type: 'positional', required: true, description: 'The lesson: 3, 03 or 03-a-trusted-band' },
  force: { type: 'boolean', description: 'Show it even though the lesson does not pass yet' },
  ...rootArg,
} as const;

/** `solution`: prints every file of the reference solution's src/. */
export const solutionCommand = defineCommand({
  meta: {
    name: 'course solution',
    description: 'The reference solution of a lesson, once your code passes it (or with --force)',
  },
  args: solutionArgs,
  async run({ args }) {
    const course = openCourse(args.root);
    const lesson = requireLesson(course, args.lesson);
    const solutionSrc = path.join(lesson.solutionDir, 'src');
    const files = filesBelow(solutionSrc);
    if (files.length === 0) {
      throw new UsageError(`${lesson.id} has no reference solution in ${shown(solutionSrc)}`);
    }

    if (!args.force && !isDone(readProgress(course.root), lesson)) {
      // Passing with `pnpm test` in the lesson folder counts too: check now rather than refuse.
      console.log(pc.dim(`Checking ${label(lesson)} first: running its tests…`));
      const verdict = await checkLesson(lesson);
      recordVerdict(course.root, lesson, verdict);
      if (verdict.kind === 'failed') {
        const state =
          verdict.total === 0
            ? 'its tests could not run'
            : `${verdict.failing} of ${verdict.total} tests failing`;
        throw new UsageError(
          `${lesson.id} does not pass yet (${state}); pass it first, or add --force to look anyway`,
        );
      }
      if (verdict.kind === 'unconfirmed') {
        throw new UsageError(
          `${lesson.id} is not yet confirmed (timing tests could not measure: the machine was busy); run again on a quiet machine, or add --force`,
        );
      }
    }

    const lines = [`Reference solution of ${pc.bold(label(lesson))} (${shown(solutionSrc)}):`];
    for (const file of files) {
      lines.push('', pc.cyan(`── src/${file.split(path.sep).join('/')} ──`), '');
      lines.push(readFileSync(path.join(solutionSrc, file), 'utf8').trimEnd());
    }
    lines.push('', pc.dim(`Yours is in ${shown(path.join(lesson.dir, 'src'))}.`));
    console.log(lines.join('\n'));
  },
});
