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
 *
 * Stryker passes its environment on to its test-runner processes, so the
 * lesson and the pattern arrive as environment variables (set by
 * run-lesson.ts).
 *
 * @module
 */
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { tsImport } from 'tsx/esm/api';
import { defineConfig, mergeConfig, type ConfigEnv, type Plugin, type ViteUserConfig } from 'vitest/config';

/** Names the folder of the lesson being mutated. */
export const LESSON_ENV = 'SPELLBOOK_MUTATE_LESSON';
/** Holds the `--tests` pattern, when one was given. */
export const TESTS_ENV = 'SPELLBOOK_MUTATE_TESTS';

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
  const lessonConfigUrl = pathToFileURL(path.join(lessonDir, 'vitest.config.ts')).href;
  const loaded = (await tsImport(lessonConfigUrl, import.meta.url)) as { default: ConfigExport };
  const lessonConfig = typeof loaded.default === 'function' ? await loaded.default(env) : loaded.default;
  return mergeConfig(lessonConfig, {
    plugins: [mutationRun(process.env[TESTS_ENV])],
    test: { setupFiles: [activeMutantSetup] },
  }) as ViteUserConfig;
});
