/**
 * The vitest configuration Stryker is given for a mutation run: the lesson's
 * own configuration (the course preset, with `COURSE_TARGET=solution`), plus
 * what a mutation run needs.
 *
 * - The lesson's `vitest.config.ts` is imported through tsx. Stryker's vitest
 *   runner has no way to choose vite's config loader, and the default one
 *   bundles this file and imports every package natively, which on Node 20
 *   fails for the preset (TypeScript source in a workspace package). That is
 *   why the lessons' own scripts say `--configLoader runner`.
 * - Test files run in forks again. Stryker's runner asks for
 *   `pool: 'threads'`, which would run each test file on a worker thread;
 *   the preset runs them in processes of their own, and lesson 7's relay
 *   preload only works when the test file is on a process's main thread.
 * - `--tests <pattern>` becomes vitest's global test-name filter. It is set
 *   on vitest itself because Stryker clears the project's own filter before
 *   every run.
 * - active-mutant-setup.ts is added to the setup files.
 * - Stryker's coverage counter is switched off in the instrumented solution
 *   files (see {@link silenceCoverageCounter}).
 *
 * Stryker passes its environment on to its test-runner processes, so the
 * lesson and the pattern arrive as environment variables (set by
 * run-lesson.ts).
 *
 * @module
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { tsImport } from 'tsx/esm/api';
import { defineConfig, mergeConfig, type ConfigEnv, type Plugin, type ViteUserConfig } from 'vitest/config';

/** Names the folder of the lesson being mutated. */
export const LESSON_ENV = 'SPELLBOOK_MUTATE_LESSON';
/** Holds the `--tests` pattern, when one was given. */
export const TESTS_ENV = 'SPELLBOOK_MUTATE_TESTS';
/** Names the folder of the solution files being mutated (`solutions/NN-slug/src`). */
export const MUTATED_DIR_ENV = 'SPELLBOOK_MUTATE_SOURCES';

/** The opening of the coverage counter in Stryker's instrumented code. */
const COVERAGE_COUNTER = /^function (stryCov_\w+)\(\) \{$/m;
/** What the counter opens with once it is silenced. */
const SILENCED = 'return; // silenced by pnpm mutate: coverageAnalysis is off';

/**
 * Makes Stryker's coverage counter return at once, in the instrumented files
 * on disk.
 *
 * Stryker places a call to its counter before nearly every expression it
 * mutates, and the counter adds one to an entry of a table each time. In a
 * hot loop (a trial division, a sieve) that made lesson 4's tests about 250
 * times slower than the uninstrumented code (38 s for the primes below 2e6),
 * so the timing lessons could not be mutation-tested at all. With
 * `coverageAnalysis: 'off'` Stryker never reads that table: every mutant is
 * tried against every test. An empty counter is inlined away by V8; the
 * mutant switches themselves stay.
 *
 * Stryker has written the instrumented files (in place) before it starts its
 * test runners, and this configuration is loaded in each of them before any
 * test, so the files are patched before any code runs, in worker threads
 * too, which read the same files. Stryker's backup of the originals is not
 * touched, and it puts them back at the end of the run. Patching twice (a
 * second test runner) changes nothing.
 */
export function silenceCoverageCounter(dir: string): void {
  for (const name of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    if (!name.endsWith('.ts')) continue;
    const file = path.join(dir, name);
    const code = readFileSync(file, 'utf8');
    if (!COVERAGE_COUNTER.test(code) || code.includes(SILENCED)) continue;
    writeFileSync(
      file,
      code.replace(COVERAGE_COUNTER, (opening) => `${opening}\n  ${SILENCED}`),
    );
  }
}

const activeMutantSetup = fileURLToPath(new URL('./active-mutant-setup.ts', import.meta.url));

type ConfigExport = ViteUserConfig | ((env: ConfigEnv) => ViteUserConfig | Promise<ViteUserConfig>);

function mutationRun(tests: string | undefined): Plugin {
  return {
    name: 'spellbook:mutation-run',
    configureVitest({ vitest, project }) {
      project.config.pool = 'forks';
      if (tests) vitest.setGlobalTestNamePattern(tests);
    },
  };
}

export default defineConfig(async (env) => {
  const lessonDir = process.env[LESSON_ENV];
  if (!lessonDir) {
    throw new Error(`${LESSON_ENV} is not set: this configuration is for runs of \`pnpm mutate\` only`);
  }
  const mutated = process.env[MUTATED_DIR_ENV];
  if (mutated) silenceCoverageCounter(mutated);
  const lessonConfigUrl = pathToFileURL(path.join(lessonDir, 'vitest.config.ts')).href;
  const loaded = (await tsImport(lessonConfigUrl, import.meta.url)) as { default: ConfigExport };
  const lessonConfig = typeof loaded.default === 'function' ? await loaded.default(env) : loaded.default;
  return mergeConfig(lessonConfig, {
    plugins: [mutationRun(process.env[TESTS_ENV])],
    test: { setupFiles: [activeMutantSetup] },
  }) as ViteUserConfig;
});
