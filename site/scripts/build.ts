/**
 * `pnpm site`: builds the docs site into site/dist with typedoc.
 *
 * Everything is generated from the repository, so the site cannot drift from
 * the course: the chapters are the lessons' READMEs (found by folder, in
 * lesson order), the API pages come from the starters' and packages' TSDoc,
 * the grader's page embeds its real `--help`, and the charts are drawn from
 * bench/results/latest.json. typedoc's validation is on and its warnings are
 * errors, so a broken link or an undocumented export fails the build.
 *
 * The parallelism page also runs the experiment in the reader's browser
 * (live/live.ts, bundled here with esbuild into dist/live with uPlot, which
 * draws its charts).
 */
import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chartsFromResults } from '@spellbook/bench/charts';
import { findCourseRoot, listLessons, partsList, type Lesson } from '@spellbook/catalog';
import { build } from 'esbuild';
import { Application, LogLevel } from 'typedoc';

const siteDir = fileURLToPath(new URL('..', import.meta.url));
const courseRoot = findCourseRoot(siteDir);
const stage = path.join(siteDir, '.stage');
const out = path.join(siteDir, 'dist');
const lessons = listLessons(courseRoot);
const started = performance.now();

rmSync(stage, { recursive: true, force: true });
mkdirSync(path.join(stage, 'chapters'), { recursive: true });
mkdirSync(path.join(stage, 'media'), { recursive: true });

const frontmatter = (fields: Record<string, string>): string =>
  `---\n${Object.entries(fields)
    .map(([key, value]) => `${key}: ${JSON.stringify(value)}`)
    .join('\n')}\n---\n\n`;

/** Links into a lesson's own files make sense on GitHub, not on the site: keep the words, drop the link. */
function unlinkLocalFiles(markdown: string): string {
  return markdown.replace(/\[([^\]]+)\]\((?:\.\/)?(?:src|test)\/[^)]*\)/g, '$1');
}

/** The chapter page of a lesson. */
function chapterPage(lesson: Lesson): string {
  const readme = readFileSync(path.join(lesson.dir, 'README.md'), 'utf8');
  return (
    frontmatter({ title: `${lesson.number}. ${lesson.meta.title}`, group: 'Chapters' }) +
    unlinkLocalFiles(readme)
  );
}

/** The section of the root README between `## heading` and the next `## `. */
function readmeSection(heading: string): string {
  const readme = readFileSync(path.join(courseRoot, 'README.md'), 'utf8');
  const start = readme.indexOf(`## ${heading}`);
  if (start < 0) throw new Error(`README.md has no "## ${heading}" section`);
  const rest = readme.slice(start + heading.length + 3);
  const end = rest.search(/\n## /);
  return (end < 0 ? rest : rest.slice(0, end)).trim();
}

function graderPage(): string {
  const help = execFileSync(
    process.execPath,
    [path.join(courseRoot, 'packages/grader/bin/grade.mjs'), '--help'],
    {
      cwd: courseRoot,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    },
  );
  return (
    frontmatter({ title: "The grader's command line", group: 'Guides' }) +
    "# The grader's command line\n\n" +
    '`pnpm grade` scores every lesson for one student or a whole class. This is its `--help`, as the grader prints it:\n\n' +
    `\`\`\`text\n${help.trim()}\n\`\`\`\n\n` +
    readmeSection('Grading (instructors)').replace(/^### /gm, '## ') +
    '\n'
  );
}

interface BenchResults {
  machine: { cores: number; cpu: string; node: string; date: string };
  mode: string;
}

/** JSON that is safe inside a `<script>` element. */
const scriptJson = (value: unknown): string => JSON.stringify(value).replaceAll('<', '\\u003c');

/**
 * The live experiment's part of the parallelism page: a button, its status,
 * two chart areas, the authors' figures as JSON, and the scripts (written to
 * dist/live after typedoc). One HTML block, with no blank line inside, so
 * that the Markdown renderer passes it through whole.
 */
function liveExperiment(results: Parameters<typeof chartsFromResults>[0] & BenchResults): string {
  const largest = Math.max(...results.primes.map((row) => row.limit));
  const reference = {
    machine: `the authors' ${results.machine.cores} cores`,
    warm: results.primes
      .filter((row) => row.limit === largest && row.way === 'copies, warm pool' && row.copies !== null)
      .map((row) => [row.copies, +row.speedup.toFixed(3)]),
    band: [
      ...results.io
        .filter((row) => row.way === 'band' && row.messengers !== null)
        .map((row) => [row.messengers, Math.round(row.ms)]),
      ...results.io.filter((row) => row.way === 'all at once').map((row) => [50, Math.round(row.ms)]),
    ],
  };
  return [
    '<div id="live-experiment" data-state="loading">',
    '<p><button type="button" data-live="run">Run the experiment on this machine</button></p>',
    '<p data-live="status">About ten seconds, every core it can get while it runs; nothing leaves the page.</p>',
    '<div data-live="primes"></div>',
    '<div data-live="fetches"></div>',
    '</div>',
    `<script type="application/json" id="live-reference">${scriptJson(reference)}</script>`,
    '<link rel="stylesheet" href="../live/uPlot.min.css">',
    '<script src="../live/uPlot.iife.min.js"></script>',
    '<script type="module" src="../live/live.js"></script>',
  ].join('\n');
}

/** The live experiment's scripts in dist/live: live.ts and its worker bundled, and uPlot as it ships. */
async function writeLiveScripts(): Promise<void> {
  const live = path.join(out, 'live');
  mkdirSync(live, { recursive: true });
  await build({
    entryPoints: [path.join(siteDir, 'live', 'live.ts'), path.join(siteDir, 'live', 'prime-worker.ts')],
    outdir: live,
    bundle: true,
    format: 'esm',
    target: 'es2022',
    logLevel: 'warning',
  });
  const uplot = path.join(path.dirname(createRequire(import.meta.url).resolve('uplot/package.json')), 'dist');
  for (const file of ['uPlot.iife.min.js', 'uPlot.min.css']) {
    copyFileSync(path.join(uplot, file), path.join(live, file));
  }
}

function parallelismPage(): string {
  const resultsDir = path.join(courseRoot, 'bench', 'results');
  const results = JSON.parse(readFileSync(path.join(resultsDir, 'latest.json'), 'utf8')) as BenchResults &
    Parameters<typeof chartsFromResults>[0];
  // Drawn here from the JSON, so the charts always match the figures below them.
  for (const [file, svg] of Object.entries(chartsFromResults(results))) {
    writeFileSync(path.join(stage, 'media', file), svg);
  }
  const tables = readFileSync(path.join(resultsDir, 'latest.md'), 'utf8')
    .replace(/^# .*\n/, '')
    .replace(/^## /gm, '### ');
  const { machine } = results;
  return (
    frontmatter({ title: 'What parallelism does on a real machine', group: 'Guides' }) +
    '# What parallelism does on a real machine\n\n' +
    `Measured with \`pnpm bench\` on ${machine.cores} cores (${machine.cpu}), Node ${machine.node}, ${machine.date.slice(0, 10)}. ` +
    'Run it on your own machine and the numbers, and these charts, become yours.\n\n' +
    '## Your machine, now\n\n' +
    'The same two experiments, in this browser: the primes summed by one to eight Web Workers (as many as your ' +
    'machine reports logical CPUs), and fifty pages read from a pretend road that answers each after 50 ms — a timer ' +
    "in this page, as in the course's tests. Each point appears as it is measured, beside the authors' figures (dashed). " +
    'Hover for values, drag to zoom.\n\n' +
    `${liveExperiment(results)}\n\n` +
    '## Threads for thinking\n\n' +
    '![Speed-up against the number of copies](media/speedup-vs-copies.svg)\n\n' +
    `More worker threads help until there is one per core; past that they only queue for the same ${machine.cores} cores, and a cold pool pays for starting every one of them.\n\n` +
    '## The event loop for waiting\n\n' +
    '![Time against the number of messengers](media/time-vs-messengers.svg)\n\n' +
    'Waiting needs no threads: one event loop keeps every request in flight, and the time falls in whole rounds of one latency.\n\n' +
    '## Node and Python, same machine, same run\n\n' +
    '![Node against Python](media/node-vs-python.svg)\n\n' +
    '## The figures\n\n' +
    tables
  );
}

function landingPage(): string {
  const chapterList = lessons
    .map(
      (lesson) =>
        `${lesson.number}. [${lesson.meta.title}](chapters/${lesson.id}.md) — ${lesson.meta.summary}`,
    )
    .join('\n');
  // No "# title" here: typedoc already puts the site's name above the landing page.
  return [
    'A TypeScript course on **when and how to make Node.js programs concurrent and parallel**, told as the story of',
    'Master Odo Fenwick, the patient wizard of Lanternfold, and his apprentice Wren. Each chapter is a lesson: read it,',
    'complete a small exercise, and run tests that measure whether your code really does what the chapter is about.',
    '',
    // The parts and their chapters come from the lessons' metadata (the catalog's parts.ts).
    partsList(lessons),
    '',
    '![Speed-up against the number of worker threads](media/speedup-vs-copies.svg)',
    '',
    '## How to start',
    '',
    '```sh',
    'npm install --global pnpm@10 && pnpm install',
    'cd lessons/01-the-long-road',
    'pnpm test    # your code against the chapter’s tests',
    'pnpm watch   # again on every save',
    '```',
    '',
    '## The chapters',
    '',
    chapterList,
    '',
    'Then: [what parallelism does on a real machine](parallelism.md), and, for instructors, [the grader](grader.md).',
    '',
    // The credit and the licences, as the README words them.
    '## Credits and licence',
    '',
    readmeSection('Credits and licence').replace('[LICENSE](LICENSE)', 'the LICENSE file in the repository'),
  ].join('\n');
}

for (const lesson of lessons) {
  writeFileSync(path.join(stage, 'chapters', `${lesson.id}.md`), chapterPage(lesson));
}
writeFileSync(path.join(stage, 'grader.md'), graderPage());
writeFileSync(path.join(stage, 'parallelism.md'), parallelismPage());
writeFileSync(path.join(stage, 'index.md'), landingPage());

const entryPoints = [
  ...lessons.map((lesson) => path.join(lesson.dir, lesson.meta.exercise.file)),
  path.join(courseRoot, 'packages/test-kit/src/index.ts'),
  path.join(courseRoot, 'packages/grader/src/index.ts'),
];
writeFileSync(
  path.join(stage, 'tsconfig.json'),
  JSON.stringify({
    extends: path.join(courseRoot, 'tsconfig.base.json'),
    include: [
      ...lessons.map((lesson) => path.join(lesson.dir, 'src')),
      path.join(courseRoot, 'packages/*/src'),
    ],
  }),
);

const app = await Application.bootstrapWithPlugins({
  name: 'The Concurrency Spellbook',
  favicon: path.join(siteDir, 'assets', 'favicon.svg'),
  entryPoints,
  entryPointStrategy: 'resolve',
  tsconfig: path.join(stage, 'tsconfig.json'),
  readme: path.join(stage, 'index.md'),
  projectDocuments: [
    ...lessons.map((lesson) => path.join(stage, 'chapters', `${lesson.id}.md`)),
    path.join(stage, 'parallelism.md'),
    path.join(stage, 'grader.md'),
  ],
  sortEntryPoints: false,
  groupOrder: ['Chapters', 'Guides', 'Modules', '*'],
  navigation: { includeGroups: true, includeCategories: false, includeFolders: false },
  searchInDocuments: true,
  searchInComments: true,
  excludePrivate: true,
  excludeInternal: true,
  disableSources: true,
  treatWarningsAsErrors: true,
  validation: { notExported: true, invalidLink: true, notDocumented: true },
  // Every exported function, class, interface, type and constant needs its
  // TSDoc; properties are documented where they need words, not by rule.
  requiredToBeDocumented: [
    'Enum',
    'Variable',
    'Function',
    'Class',
    'Interface',
    'TypeAlias',
    'Method',
    'Accessor',
  ],
  // Without this, typedoc only asks for documentation in the package it runs from (the site).
  packagesRequiringDocumentation: [
    ...lessons.map(
      (lesson) =>
        (JSON.parse(readFileSync(path.join(lesson.dir, 'package.json'), 'utf8')) as { name: string }).name,
    ),
    '@spellbook/test-kit',
    '@spellbook/grader',
    '@spellbook/catalog',
  ],
  logLevel: LogLevel.Warn,
  out,
});

const project = await app.convert();
// The command-line typedoc validates before writing; through the API it is our job.
if (project) app.validate(project);
if (!project || app.logger.hasErrors() || app.logger.hasWarnings()) {
  console.error('site: typedoc reported problems (above); the site was not built');
  process.exit(1);
}
rmSync(out, { recursive: true, force: true });
await app.generateOutputs(project);
await writeLiveScripts();
if (app.logger.hasErrors() || app.logger.hasWarnings() || !existsSync(path.join(out, 'index.html'))) {
  console.error('site: typedoc reported problems (above) while writing the site');
  process.exit(1);
}
const pages = (readdirSync(out, { recursive: true }) as string[]).filter((file) =>
  file.endsWith('.html'),
).length;
console.log(
  `site: ${pages} pages in ${path.relative(courseRoot, out)} (${((performance.now() - started) / 1000).toFixed(1)} s)`,
);
