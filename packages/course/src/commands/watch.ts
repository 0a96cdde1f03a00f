/**
 * `pnpm course watch [lesson]`: rerun a lesson's tests on every save.
 *
 * @module
 */
import { defineCommand } from 'citty';
import { openCourse, requireLesson } from '../course.ts';
import { readProgress } from '../progress.ts';
import { currentLesson } from '../state.ts';
import { watchLesson } from '../watch.ts';
import { rootArg } from './shared.ts';

/** The options of `watch`. */
export const watchArgs = {
  lesson: {
    type: 'positional',
    required: false,
    description: 'The lesson to work on: 3, 03 or 03-a-trusted-band (default: the current lesson)',
  },
  poll: {
    type: 'boolean',
    description:
      'Look for saved files every half second: for WSL, containers and network drives, where watching misses changes',
  },
  ...rootArg,
} as const;

/** `watch`: the lesson on screen until `q`. */
export const watchCommand = defineCommand({
  meta: {
    name: 'course watch',
    description:
      "Rerun the current lesson's tests on every save (keys: h hint, n next, l list, r rerun, q quit)",
  },
  args: watchArgs,
  async run({ args }) {
    const course = openCourse(args.root);
    const progress = readProgress(course.root);
    const lesson =
      args.lesson === undefined ? currentLesson(course, progress) : requireLesson(course, args.lesson);
    if (!lesson) {
      console.log('Every lesson is done. Name one to watch it again, e.g. `pnpm course watch 1`.');
      return;
    }
    await watchLesson({ course, lesson, poll: Boolean(args.poll) });
  },
});
