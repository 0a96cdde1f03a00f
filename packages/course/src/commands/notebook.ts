/**
 * `pnpm course notebook`: what the timing tests measured on this machine,
 * lesson by lesson (the notebook, notebook.ts). `--json` prints the notebook
 * itself for tools; `--html FILE` writes a page with the figures charted
 * beside the authors' machine's.
 *
 * @module
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '@spellbook/catalog';
import { defineCommand } from 'citty';
import { openCourse, shown } from '../course.ts';
import { readNotebook } from '../notebook.ts';
import { readProgress } from '../progress.ts';
import { notebookHtml } from '../notebook-page.ts';
import { renderNotebook } from '../render.ts';
import { rootArg } from './shared.ts';

/** The options of `notebook`. */
export const notebookArgs = {
  ...rootArg,
  json: { type: 'boolean', description: 'Print the notebook as JSON, for tools' },
  html: {
    type: 'string',
    valueHint: 'FILE',
    description: 'Write the notebook as one web page with charts (opens offline, from the file)',
  },
} as const;

/** `notebook`: exit status 0, or 2 for a file that cannot be written. */
export const notebookCommand = defineCommand({
  meta: {
    name: 'course notebook',
    description: 'What the timing tests measured on your machine, lesson by lesson (--json, --html FILE)',
  },
  args: notebookArgs,
  run({ args }) {
    const course = openCourse(args.root);
    const notebook = readNotebook(course.root);
    if (args.json && args.html !== undefined) throw new UsageError('give --json or --html FILE, not both');
    if (args.json) {
      console.log(JSON.stringify(notebook, null, 2));
      return;
    }
    if (args.html !== undefined) {
      if (args.html === '') throw new UsageError('--html needs a file name, e.g. --html notebook.html');
      const file = path.resolve(args.html);
      try {
        writeFileSync(file, notebookHtml(course, notebook));
      } catch (error) {
        throw new UsageError(
          `cannot write ${args.html}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
        );
      }
      console.log(`Wrote ${shown(file)}: open it in a browser.`);
      return;
    }
    console.log(['', ...renderNotebook(course, notebook, readProgress(course.root))].join('\n'));
  },
});
