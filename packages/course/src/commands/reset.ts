/**
 * `pnpm course reset <lesson>`: the lesson's starter back in `src/`, after a
 * backup of the student's code and their yes.
 *
 * @module
 */
import path from 'node:path';
import { defineCommand } from 'citty';
import pc from 'picocolors';
import { openCourse, requireLesson, shown } from '../course.ts';
import { UsageError } from '@spellbook/catalog';
import { updateProgress } from '../progress.ts';
import { canAsk, confirm } from '../prompt.ts';
import { label, plural } from '../render.ts';
import { backUpSrc, compareWithStarter, readCommittedStarter, restoreStarter } from '../starter.ts';
import { rootArg } from './shared.ts';

/** The options of `reset`. */
export const resetArgs = {
  lesson: { type: 'positional', required: true, description: 'The lesson: 3, 03 or 03-a-trusted-band' },
  yes: { type: 'boolean', alias: 'y', description: 'Do not ask for confirmation' },
  ...rootArg,
} as const;

/** `reset`: restores the committed starter of a lesson. */
export const resetCommand = defineCommand({
  meta: {
    name: 'course reset',
    description:
      "Put a lesson's starter back in its src/ (your code is backed up under .course/backups/ first)",
  },
  args: resetArgs,
  async run({ args }) {
    const course = openCourse(args.root);
    const lesson = requireLesson(course, args.lesson);
    const starter = readCommittedStarter(lesson);
    const { changed, added, missing } = compareWithStarter(lesson, starter);
    const srcDir = path.join(lesson.dir, 'src');
    if (changed.length + added.length + missing.length === 0) {
      console.log(`${shown(srcDir)} is already the starter of ${label(lesson)}; nothing to reset.`);
      return;
    }
    if (!args.yes) {
      if (!canAsk()) {
        throw new UsageError(`not resetting ${lesson.id} without a yes: stdin is not a terminal (add --yes)`);
      }
      const what = [
        changed.length > 0 ? `${plural(changed.length, 'changed file')} (${changed.join(', ')})` : '',
        added.length > 0 ? `${plural(added.length, 'file')} you added (${added.join(', ')})` : '',
        missing.length > 0 ? `${plural(missing.length, 'deleted file')} (${missing.join(', ')})` : '',
      ].filter(Boolean);
      console.log(`Resetting ${label(lesson)} undoes ${what.join(', ')} in ${shown(srcDir)}.`);
      const yes = await confirm(`Back up your code to .course/backups/ and restore the starter?`);
      if (!yes) {
        console.log('Nothing changed.');
        return;
      }
    }
    const backup = backUpSrc(course.root, lesson);
    restoreStarter(lesson, starter);
    // The starter fails its tests: the lesson is no longer done. Revealed hints stay revealed.
    updateProgress(course.root, (progress) => {
      delete progress.passed[lesson.id];
    });
    console.log(`Backed up your code to ${pc.cyan(shown(path.join(backup, 'src')))}`);
    console.log(`Restored the starter of ${label(lesson)} in ${shown(srcDir)}.`);
  },
});
