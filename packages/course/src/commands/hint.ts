/**
 * `pnpm course hint [lesson]`: the next hint of a lesson (the current one
 * unless named), with the ones revealed before it.
 *
 * @module
 */
import { defineCommand } from 'citty';
import pc from 'picocolors';
import { openCourse, requireLesson } from '../course.ts';
import { UsageError } from '@spellbook/catalog';
import { revealNextHint } from '../hints.ts';
import { readProgress } from '../progress.ts';
import { renderHints } from '../render.ts';
import { currentLesson } from '../state.ts';
import { rootArg } from './shared.ts';

/** The options of `hint`. */
export const hintArgs = {
  lesson: {
    type: 'positional',
    required: false,
    description: 'The lesson: 3, 03 or 03-a-trusted-band (default: the current lesson)',
  },
  ...rootArg,
} as const;

/** `hint`: reveals the next hint and remembers it. */
export const hintCommand = defineCommand({
  meta: { name: 'course hint', description: "The next hint of a lesson, one at a time (they're remembered)" },
  args: hintArgs,
  run({ args }) {
    const course = openCourse(args.root);
    const lesson =
      args.lesson === undefined
        ? currentLesson(course, readProgress(course.root))
        : requireLesson(course, args.lesson);
    if (!lesson) {
      throw new UsageError(
        'every lesson is done; name the one you want a hint for, e.g. `pnpm course hint 3`',
      );
    }
    const { revealed, fresh } = revealNextHint(course.root, lesson);
    const again = `run ${pc.cyan(`pnpm course hint${args.lesson === undefined ? '' : ` ${args.lesson}`}`)} again`;
    console.log(['', ...renderHints(lesson, revealed, fresh, again), ''].join('\n'));
  },
});
