/**
 * `pnpm course verify`: every lesson's tests in order against the student's
 * code, stopping at the first lesson that does not pass.
 *
 * @module
 */
import { referenceMachine } from '@spellbook/catalog';
import { defineCommand } from 'citty';
import pc from 'picocolors';
import { checkLesson, recordVerdict } from '../check.ts';
import { openCourse } from '../course.ts';
import { readProgress, updateProgress } from '../progress.ts';
import { label, progressBar, renderVerdict, summarizeVerdict } from '../render.ts';
import { isDone } from '../state.ts';
import { rootArg } from './shared.ts';

/** The options of `verify`. */
export const verifyArgs = { ...rootArg } as const;

/**
 * `verify`: exit status 0 when every lesson passes (or is only waiting for a
 * quiet machine to confirm its timing), 1 when it stopped at a failing one.
 */
export const verifyCommand = defineCommand({
  meta: {
    name: 'course verify',
    description: 'Run every lesson in order against your code; stop at the first that does not pass',
  },
  args: verifyArgs,
  async run({ args }): Promise<number> {
    const course = openCourse(args.root);
    const unconfirmed: string[] = [];
    const reference = referenceMachine(course.root);
    for (const lesson of course.lessons) {
      const started = performance.now();
      const verdict = await checkLesson(lesson);
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      recordVerdict(course.root, lesson, verdict);
      console.log(`${summarizeVerdict(lesson, verdict)} ${pc.dim(`(${seconds} s)`)}`);
      // The verdict's own headline says what the line above said; its details follow.
      const guess = readProgress(course.root).predictions[lesson.id];
      const details = renderVerdict(lesson, verdict, 15, reference, guess).slice(1);
      if (verdict.kind === 'unconfirmed') {
        // Not a failure: the code may be right, the machine too busy to tell. Go on to the next.
        console.log(details.join('\n'));
        unconfirmed.push(lesson.id);
        continue;
      }
      if (verdict.kind === 'failed') {
        console.log(details.join('\n'));
        updateProgress(course.root, (progress) => {
          progress.current = lesson.id;
        });
        console.log(
          `\nStopped at ${pc.bold(label(lesson))}. Make it pass (${pc.cyan('pnpm course watch')}), then verify again.`,
        );
        return 1;
      }
      // A pass: what its timing tests measured, if they measured anything.
      if (details.length > 0) console.log(details.join('\n'));
    }
    const progress = readProgress(course.root);
    const done = course.lessons.filter((lesson) => isDone(progress, lesson)).length;
    console.log(`\n${progressBar(done, course.lessons.length)}`);
    console.log(
      unconfirmed.length > 0
        ? `Every lesson passes except ${unconfirmed.join(', ')}, not yet confirmed – run again on a quiet machine.`
        : pc.green('Every lesson passes: the spellbook is yours.'),
    );
    return 0;
  },
});
