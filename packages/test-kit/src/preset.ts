/**
 * The vitest preset every lesson uses. A lesson's `vitest.config.ts` is one
 * line: `export default lessonConfig(import.meta.dirname)`.
 *
 * The tests always import the exercise the same way (`../src/<file>.ts`). One
 * switch, the run's target (the `COURSE_TARGET` environment variable of the
 * catalog's run contract, run-contract.mjs), decides which code that import
 * reaches:
 *
 * | COURSE_TARGET | the tests run against |
 * | --- | --- |
 * | unset or `starter` | the lesson's own `src/` (the student's work) |
 * | `solution` | `solutions/<lesson>/src/` |
 * | a path | `<path>/src/`, where the path is a lesson folder of a submission |
 *
 * The test files themselves are never copied or rewritten.
 *
 * Files a lesson provides finished (`provided` in its metadata) exist only in
 * the lesson's own `src/`. The solutions and a submission name them as the
 * starter does, as if they sat beside their own code, and the switch sends
 * those names to the lesson's copy.
 *
 * @module
 */
import { existsSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findCourseRoot, readLesson, referenceMachine } from '@spellbook/catalog';
import { isInside, pathKey, pointAtProvidedFiles, providedRedirects } from '@spellbook/catalog/provided';
import { readRunSettings, RUN_VARIABLES } from '@spellbook/catalog/run-contract';
import { defineConfig, type Plugin, type ViteUserConfig } from 'vitest/config';

/** Where a run's exercise code comes from. */
export interface ExerciseTarget {
  /** `starter`, `solution` or `submission`. */
  readonly kind: 'starter' | 'solution' | 'submission';
  /** The folder whose `src/` the tests import. */
  readonly folder: string;
}

/**
 * Reads the run's target (`COURSE_TARGET`, see the catalog's run contract)
 * for the lesson in `lessonDir`. Throws a plain error on a bad value.
 */
export function resolveTarget(lessonDir: string, value = readRunSettings().target): ExerciseTarget {
  const slug = path.basename(lessonDir);
  if (value === undefined || value === '' || value === 'starter') {
    return { kind: 'starter', folder: lessonDir };
  }
  const folder =
    value === 'solution' ? path.resolve(lessonDir, '../../solutions', slug) : path.resolve(value);
  const kind = value === 'solution' ? 'solution' : 'submission';
  if (!existsSync(path.join(folder, 'src')) || !statSync(path.join(folder, 'src')).isDirectory()) {
    throw new Error(
      `${RUN_VARIABLES.target}=${value}: there is no src/ folder in ${folder}. ` +
        'Use "solution", "starter", or the path of a lesson folder that has a src/ folder.',
    );
  }
  return { kind, folder };
}

/** Where the tests' imports of the exercise go, for {@link exerciseRoutes}. */
export interface ExerciseRoutes {
  /** The file an import of `source` from `importer` should reach instead, or null to leave it alone. */
  resolve(source: string, importer: string): string | null;
  /** True when `file` is a module whose `new URL('./x.ts', …)` may name a provided file. */
  rewrites(file: string): boolean;
  /** The provided files' redirects (keys are the catalog's `pathKey`s). */
  readonly redirects: ReadonlyMap<string, string>;
}

/** A folder as the file system knows it (symlinks resolved: macOS's `/tmp` is `/private/tmp`), or as given if it is missing. */
function realFolder(folder: string): string {
  try {
    return realpathSync.native(folder);
  } catch {
    return folder;
  }
}

/**
 * The exercise switch's decisions, apart from Vite: the tests' `../src/…`
 * imports go to the target's `src/`, and the target's references to the
 * lesson's provided files go to the lesson's own copy. Every comparison is
 * made between one spelling of each path (the catalog's `pathKey`): Vite
 * gives importers with forward slashes on every platform, while `path` on
 * Windows joins with backslashes, and a plain `startsWith` between the two
 * would quietly run the starter whatever `COURSE_TARGET` says. Files are
 * returned in Vite's own spelling, forward slashes. `paths` is `path.win32`
 * or `path.posix` to check another platform's behaviour from this one.
 */
export function exerciseRoutes(
  lessonDir: string,
  target: ExerciseTarget,
  provided: readonly string[],
  solutionDir: string,
  paths: path.PlatformPath = path,
): ExerciseRoutes {
  const testDir = paths.join(lessonDir, 'test');
  const ownSrc = paths.join(lessonDir, 'src');
  // The reference solution's folder too: a known-wrong solution imports from
  // there whatever it does not get wrong.
  const folders = target.kind === 'starter' ? [] : [target.folder, solutionDir];
  const redirects = providedRedirects(lessonDir, provided, folders, paths);
  const inFolders = (file: string): boolean => folders.some((folder) => isInside(file, folder, paths));
  const asVite = (file: string): string => file.split(paths.sep).join('/');
  const redirected = (file: string): string | undefined => redirects.get(pathKey(file, paths));
  return {
    redirects,
    resolve(source, importer) {
      if (target.kind === 'starter') return null;
      const wanted = paths.resolve(paths.dirname(paths.resolve(importer)), source);
      if (isInside(importer, testDir, paths)) {
        if (!isInside(wanted, ownSrc, paths)) return null;
        const switched = paths.join(target.folder, 'src', paths.relative(ownSrc, wanted));
        return asVite(redirected(switched) ?? switched);
      }
      if (!inFolders(importer)) return null;
      const copy = redirected(wanted);
      return copy === undefined ? null : asVite(copy);
    },
    rewrites: (file) => redirects.size > 0 && inFolders(file),
  };
}

/**
 * A vite plugin that sends the tests' `../src/…` imports to the chosen
 * target, and the target's references to the lesson's provided files to the
 * lesson's own copy: its imports (here) and its `new URL('./x.ts',
 * import.meta.url)`, which vite leaves alone (rewritten in `transform`).
 */
function exerciseSwitch(lessonDir: string, target: ExerciseTarget): Plugin {
  // The starter holds the provided files itself; nothing to send anywhere.
  const lesson = target.kind === 'starter' ? undefined : readLesson(lessonDir);
  // Vite names modules by their real paths, so the folders are compared as real paths too.
  const routes = exerciseRoutes(
    realFolder(lessonDir),
    { kind: target.kind, folder: realFolder(target.folder) },
    lesson?.meta.provided ?? [],
    realFolder(lesson?.solutionDir ?? lessonDir),
  );
  return {
    name: 'spellbook:exercise-switch',
    enforce: 'pre',
    resolveId(source, importer) {
      return importer ? routes.resolve(source, importer) : null;
    },
    transform(code, id) {
      const file = id.split('?')[0] ?? id;
      if (!routes.rewrites(file) || !code.includes('import.meta.url')) return null;
      const rewritten = pointAtProvidedFiles(code, file, routes.redirects);
      // Only quoted paths change, within their lines, so no source map is needed.
      return rewritten === undefined ? null : { code: rewritten, map: null };
    },
  };
}

/** Include patterns for the run's hidden tests, relative to the lesson folder. */
function extraTests(lessonDir: string, folder = readRunSettings().hiddenTests): string[] {
  if (!folder) return [];
  return [`${path.relative(lessonDir, path.resolve(folder)).split(path.sep).join('/')}/**/*.test.ts`];
}

/** The reporter that ends a passing run with what the tests measured (the catalog's panel-reporter.ts). */
const panelReporter = fileURLToPath(import.meta.resolve('@spellbook/catalog/panel-reporter'));

/** The machine the chapters' tables were measured on, when the lesson sits in the course. */
function chapterMachine(lessonDir: string): string | undefined {
  try {
    return referenceMachine(findCourseRoot(lessonDir));
  } catch {
    return undefined; // a lesson outside a course (a test fixture): no chapter tables to name
  }
}

/** Set-up files: the course's matchers for every lesson, the Tinypool spy for those that ask. */
const matchersSetup = fileURLToPath(new URL('./setup/matchers.ts', import.meta.url));
const tinypoolSpySetup = fileURLToPath(new URL('./setup/tinypool-spy.ts', import.meta.url));

/** Preloaded (`node --require`) into every thread when a lesson sets `scrollInWorkers`. */
const workerRelayPreload = fileURLToPath(new URL('./relay/worker-preload.cjs', import.meta.url));

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
  /**
   * The exercise uses Tinypool: its imports of 'tinypool' get the test kit's
   * spy (tinypool-spy.ts), whose log every test starts with empty.
   */
  readonly tinypoolSpy?: boolean;
  /**
   * The tests measure how far the process's resident memory rises
   * (memory.ts). Then, on Linux, the test processes start with glibc's
   * `MALLOC_MMAP_THRESHOLD_` fixed at 128 KiB: every block that large is
   * mapped when allocated and returned when freed. Left to adjust itself,
   * glibc keeps a freed block of up to 32 MiB and hands it out again, so a
   * sheet allocated in an earlier call is already resident and a later
   * measurement misses it. The test processes also start with
   * `--expose-gc`, so that memory.ts can collect garbage before it measures.
   */
  readonly measuresMemory?: boolean;
}

/** The mmap threshold {@link LessonConfigOptions.measuresMemory} fixes, in bytes: glibc's own starting value. */
const FIXED_MMAP_THRESHOLD = 128 * 1024;

/** The vitest configuration for the lesson whose folder is `lessonDir`. */
export function lessonConfig(lessonDir: string, options: LessonConfigOptions = {}): ViteUserConfig {
  const settings = readRunSettings();
  const target = resolveTarget(lessonDir, settings.target);
  // Read by glibc when a process starts: set here, in vitest's own process,
  // it reaches the test processes vitest starts (they inherit its environment).
  if (options.measuresMemory && process.platform === 'linux') {
    process.env['MALLOC_MMAP_THRESHOLD_'] ??= String(FIXED_MMAP_THRESHOLD);
  }
  const slug = path.basename(lessonDir);
  return defineConfig({
    plugins: [exerciseSwitch(lessonDir, target)],
    test: {
      name:
        target.kind === 'starter'
          ? slug
          : `${slug} (${target.kind}: ${path.relative(process.cwd(), target.folder) || '.'})`,
      root: lessonDir,
      // The run may name a folder of an instructor's hidden tests, run
      // beside the lesson's own (the grader does).
      include: ['test/**/*.test.ts', ...extraTests(lessonDir, settings.hiddenTests)],
      // vitest's own report, then what the timing tests measured. The
      // course's tools pass their own --reporter, which replaces both.
      reporters: ['default', [panelReporter, { reference: chapterMachine(lessonDir) }]],
      // The kit's own set-up files, then those the course's tools may add
      // (the results stream) without the lesson knowing about them.
      setupFiles: [matchersSetup, ...(options.tinypoolSpy ? [tinypoolSpySetup] : []), ...settings.setupFiles],
      testTimeout: options.testTimeoutMs ?? 20_000,
      hookTimeout: 20_000,
      // Each file in its own process, one file at a time: the timing tests
      // must not share the machine with another test file.
      pool: 'forks',
      fileParallelism: false,
      // Node options the tools add (the grader's sandbox: permissions and the
      // network guard) reach only the processes where the code under test
      // runs, never vitest itself, which must start those processes.
      execArgv: [
        ...(options.scrollInWorkers ? ['--require', workerRelayPreload] : []),
        // memory.ts collects garbage before it takes a baseline.
        ...(options.measuresMemory ? ['--expose-gc'] : []),
        ...settings.forkExecArgv,
      ],
      // What the target resolved to, for exerciseFile() in the test process.
      env: { [RUN_VARIABLES.targetKind]: target.kind, [RUN_VARIABLES.targetFolder]: target.folder },
    },
  });
}
