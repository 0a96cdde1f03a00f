/**
 * `pnpm course` (or `pnpm course list`): the lessons, where the student
 * stands, and what to do next. Runs no tests: it shows what the companion
 * has seen pass.
 *
 * @module
 */
import { defineCommand } from 'citty';
import { openCourse } from '../course.ts';
import { readProgress } from '../progress.ts';
import { renderList, renderNextStep } from '../render.ts';
import { rootArg } from './shared.ts';

/** The options of `list`. */
export const listArgs = { ...rootArg } as const;

/** `list`: the default command. */
export const listCommand = defineCommand({
  meta: { name: 'course list', description: 'The lessons, your progress and what to do next (the default)' },
  args: listArgs,
  run({ args }) {
    const course = openCourse(args.root);
    const progress = readProgress(course.root);
    console.log(
      ['', ...renderList(course, progress), '', ...renderNextStep(course, progress), ''].join('\n'),
    );
  },
});
