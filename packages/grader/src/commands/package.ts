/**
 * `pnpm grade package gradescope`: the course as a Gradescope autograder zip,
 * ready to upload on an assignment's "Configure Autograder" page.
 *
 * @module
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { defineCommand } from 'citty';
import { findCourseRoot, listLessons, UsageError } from '@spellbook/catalog';
import { chooseLessons, resolveExtraTests } from '../inputs.ts';
import { gradescopeAutograder } from '../packaging/gradescope.ts';
import { writeOutput } from '../outputs.ts';

/** The package formats `grade package` builds. */
export const PACKAGE_TARGETS = ['gradescope'] as const;

export const packageArgs = {
  target: {
    type: 'positional',
    required: true,
    valueHint: 'gradescope',
    description: 'What to package for: gradescope (an autograder zip)',
  },
  out: {
    type: 'string',
    valueHint: 'FILE',
    description: 'Where to write the zip (default gradescope-autograder.zip in the current folder)',
  },
  lessons: {
    type: 'string',
    valueHint: '01,05',
    description: 'Grade only these lessons in this autograder (numbers or folder names)',
  },
  'extra-tests': {
    type: 'string',
    valueHint: 'DIR',
    description:
      'Hidden tests to ship in the zip, DIR/NN-slug/*.test.ts; students see them once grades are published',
  },
  node: {
    type: 'string',
    valueHint: '20',
    description:
      "Node.js for the autograder: a major (20) or an exact version; default: the course's engines.node",
  },
} as const;

function requireWritableFolder(file: string): void {
  const dir = path.dirname(file);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new UsageError(`--out ${file}: the folder ${dir} does not exist`);
  }
}

export const packageCommand = defineCommand({
  meta: {
    name: 'grade package',
    description: 'Package the course for another grading system: gradescope builds an autograder zip.',
  },
  args: packageArgs,
  run({ args: given }) {
    if (!(PACKAGE_TARGETS as readonly string[]).includes(given.target)) {
      throw new UsageError(`unknown target "${given.target}" (the only target is gradescope)`);
    }
    const out = path.resolve(given.out ?? 'gradescope-autograder.zip');
    requireWritableFolder(out);
    let courseRoot: string;
    try {
      courseRoot = findCourseRoot();
    } catch (error) {
      throw new UsageError((error as Error).message); // run it from inside the course
    }
    const allLessons = listLessons(courseRoot);
    const lessons = given.lessons === undefined ? undefined : chooseLessons(allLessons, given.lessons);
    const extraTestsDir = resolveExtraTests(given['extra-tests'], allLessons);

    const built = gradescopeAutograder({
      courseRoot,
      ...(given.node !== undefined ? { node: given.node } : {}),
      ...(lessons ? { lessons: lessons.map((lesson) => lesson.id) } : {}),
      ...(extraTestsDir !== undefined ? { extraTestsDir } : {}),
    });
    writeOutput(out, () => built.zip);

    if (built.untracked.length > 0) {
      // Not an error: scratch files are often untracked. But a new lesson file that was never
      // `git add`ed would be missing on Gradescope, so say which files stayed out.
      const shown = built.untracked.slice(0, 5).join(', ');
      const more = built.untracked.length > 5 ? ` and ${built.untracked.length - 5} more` : '';
      console.warn(
        `warning: ${built.untracked.length} file(s) not tracked by git were left out: ${shown}${more} (git add them to include them)`,
      );
    }

    const megabytes = (built.zip.byteLength / 1024 / 1024).toFixed(1);
    console.log(
      `wrote ${path.relative(process.cwd(), out) || out}: ${built.files.length} files, ${megabytes} MB ` +
        `(Node ${built.nodeDist}, pnpm ${built.pnpmVersion}${lessons ? `, lessons ${lessons.map((lesson) => lesson.code).join(',')}` : ''})`,
    );
    console.log('upload it on the assignment\'s "Configure Autograder" page in Gradescope');
  },
});
