/**
 * `pnpm new-lesson <slug> --title "<Title>" [--part <part>]` — makes the next
 * lesson's folders (see scaffold.ts). Exit status: 0 made, 2 bad usage or a
 * lesson the course cannot take (one line, no stack trace).
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { findCourseRoot } from '../discover.ts';
import { scaffoldLesson, ScaffoldError } from '../scaffold.ts';

const usage =
  'usage: pnpm new-lesson <slug> --title "<Title>" [--part waiting|thinking|choosing|beyond|capstone]';

try {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { title: { type: 'string' }, part: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    console.log(usage);
    process.exit(0);
  }
  const [slug, ...extra] = positionals;
  if (slug === undefined || extra.length > 0 || values.title === undefined) throw new ScaffoldError(usage);
  const root = findCourseRoot();
  const files = scaffoldLesson(root, {
    slug,
    title: values.title,
    ...(values.part ? { part: values.part } : {}),
  });
  const lessonDir = path.dirname(files[0] ?? '');
  console.log(`Made ${lessonDir} and its solution:`);
  for (const file of files) console.log(`  ${file}`);
  console.log(
    [
      '',
      'Next:',
      '  pnpm install                       # links the new package',
      `  cd ${lessonDir} && pnpm verify   # starter fails, solution passes`,
      'Then write the chapter and replace the placeholder exercise, tests and metadata (see CONTRIBUTING.md);',
      'after editing the metadata, `pnpm readmes` brings the generated parts up to date.',
    ].join('\n'),
  );
} catch (error) {
  const known =
    error instanceof ScaffoldError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
  console.error(`new-lesson: ${(error as Error).message}`);
  process.exit(known ? 2 : 1);
}
