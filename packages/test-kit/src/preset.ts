/**
 * The vitest preset every lesson uses. A lesson's `vitest.config.ts` is one
 * line: `export default lessonConfig(import.meta.dirname)`.
 *
 * The tests always import the exercise the same way (`../src/<file>.ts`). One
 * switch, the `COURSE_TARGET` environment variable, decides which code that
 * import reaches:
 *
 * | COURSE_TARGET | the tests run against |
 * | --- | --- |
 * | unset or `starter` | the lesson's own `src/` (the student's work) |
 * | `solution` | `solutions/<lesson>/src/` |
 * | a path | `<path>/src/`, where the path is a lesson folder of a submission |
 *
 * The test files themselves are never copied or rewritten.
 *
 * @module
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin, type ViteUserConfig } from 'vitest/config';

/** Where a run's exercise code comes from. */
export interface ExerciseTarget {
  /** `starter`, `solution` or `submission`. */
  readonly kind: 'starter' | 'solution' | 'submission';
  /** The folder whose `src/` the tests import. */
  readonly folder: string;
}

/** Reads `COURSE_TARGET` for the lesson in `lessonDir`. Throws a plain error on a bad value. */
export function resolveTarget(lessonDir: string, value = process.env['COURSE_TARGET']): ExerciseTarget {
  const slug = path.basename(lessonDir);
  if (value === undefined || value === '' || value === 'starter') {
    return { kind: 'starter', folder: lessonDir };
  }
  const folder =
    value === 'solution' ? path.resolve(lessonDir, '../../solutions', slug) : path.resolve(value);
  const kind = value === 'solution' ? 'solution' : 'submission';
  if (!existsSync(path.join(folder, 'src')) || !statSync(path.join(folder, 'src')).isDirectory()) {
    throw new Error(
      `COURSE_TARGET=${value}: there is no src/ folder in ${folder}. ` +
        'Use "solution", "starter", or the path of a lesson folder that has a src/ folder.',
    );
  }
  return { kind, folder };
}

/** A vite plugin that sends the tests' `../src/…` imports to the chosen target. */
function exerciseSwitch(lessonDir: string, target: ExerciseTarget): Plugin {
  const testDir = path.join(lessonDir, 'test') + path.sep;
  return {
    name: 'spellbook:exercise-switch',
    enforce: 'pre',
    resolveId(source, importer) {
      if (target.kind === 'starter' || !importer?.startsWith(testDir)) return null;
      const wanted = path.resolve(path.dirname(importer), source);
      const ownSrc = path.join(lessonDir, 'src') + path.sep;
      if (!wanted.startsWith(ownSrc)) return null;
      return path.join(target.folder, 'src', wanted.slice(ownSrc.length));
    },
  };
}

/** Include patterns for the hidden tests in `COURSE_EXTRA_TESTS`, relative to the lesson folder. */
function extraTests(lessonDir: string): string[] {
  const folder = process.env['COURSE_EXTRA_TESTS'];
  if (!folder) return [];
  return [`${path.relative(lessonDir, path.resolve(folder)).split(path.sep).join('/')}/**/*.test.ts`];
}

/** Preloaded (`node --require`) into every thread when a lesson sets `scrollInWorkers`. */
const workerRelayPreload = fileURLToPath(new URL('./relay/worker-preload.cjs', import.meta.url));

/**
 * Node options the course's tools add to the test processes (the grader's
 * sandbox: permissions and the network guard), as a JSON array in
 * `SPELLBOOK_FORK_EXEC_ARGV`. They reach only the processes where the code
 * under test runs, never vitest itself, which must start those processes.
 */
function forkExecArgv(value = process.env['SPELLBOOK_FORK_EXEC_ARGV']): string[] {
  if (!value) return [];
  const parsed = JSON.parse(value) as unknown;
  if (!Array.isArray(parsed) || !parsed.every((item) => typeof item === 'string')) {
    throw new Error('SPELLBOOK_FORK_EXEC_ARGV must be a JSON array of strings');
  }
  return parsed;
}

/** Options a lesson may set beside the defaults. */
export interface LessonConfigOptions {
  /** Per-test time limit in milliseconds (default 20 000). */
  readonly testTimeoutMs?: number;
  /**
   * The exercise fetches pages from worker threads: preload the relay into
   * every thread of the test process, so that a worker's requests reach the
   * test's mocked scroll (the test file calls `useWorkerRelay()` from the test kit).
   */
  readonly scrollInWorkers?: boolean;
}

/** The vitest configuration for the lesson whose folder is `lessonDir`. */
export function lessonConfig(lessonDir: string, options: LessonConfigOptions = {}): ViteUserConfig {
  const target = resolveTarget(lessonDir);
  const slug = path.basename(lessonDir);
  return defineConfig({
    plugins: [exerciseSwitch(lessonDir, target)],
    test: {
      name:
        target.kind === 'starter'
          ? slug
          : `${slug} (${target.kind}: ${path.relative(process.cwd(), target.folder) || '.'})`,
      root: lessonDir,
      // COURSE_EXTRA_TESTS names a folder of an instructor's hidden tests,
      // run beside the lesson's own (the grader sets it).
      include: ['test/**/*.test.ts', ...extraTests(lessonDir)],
      // SPELLBOOK_SETUP_FILES lets the course's tools add a setup file (the
      // grader's results stream) without the lesson knowing about it.
      setupFiles: (process.env['SPELLBOOK_SETUP_FILES'] ?? '').split(',').filter(Boolean),
      testTimeout: options.testTimeoutMs ?? 20_000,
      hookTimeout: 20_000,
      // Each file in its own process, one file at a time: the timing tests
      // must not share the machine with another test file.
      pool: 'forks',
      fileParallelism: false,
      execArgv: [...(options.scrollInWorkers ? ['--require', workerRelayPreload] : []), ...forkExecArgv()],
      env: { COURSE_TARGET_KIND: target.kind, COURSE_TARGET_FOLDER: target.folder },
    },
  });
}
