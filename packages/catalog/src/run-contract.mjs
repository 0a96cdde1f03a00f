/**
 * The run contract: the environment variables through which the course's
 * tools tell a lesson's test run what to do, and the only module that names
 * them. `runLessonTests` and `listLessonTests` write them (with
 * {@link runEnvironment}); the lesson preset, the results stream and
 * ts-worker read them (with {@link readRunSettings}). Nothing else touches
 * them, so adding a setting is one entry here and one option there.
 *
 * Plain JavaScript, because ts-worker reads it from Node itself (no
 * TypeScript loader) in the test process.
 *
 * @module
 */

/**
 * The variable behind each setting.
 *
 * | setting | variable | meaning |
 * | --- | --- | --- |
 * | target | `COURSE_TARGET` | the code the tests import: unset or `starter` (the lesson's own `src/`), `solution`, or a lesson folder of a submission |
 * | hiddenTests | `COURSE_EXTRA_TESTS` | a folder of an instructor's hidden tests, run beside the lesson's own |
 * | resultsFile | `SPELLBOOK_RESULTS_FILE` | where the results stream's reporter writes (vitest's process) |
 * | provisionalFile | `SPELLBOOK_PROVISIONAL_FILE` | where the test process writes its own provisional results |
 * | setupFiles | `SPELLBOOK_SETUP_FILES` | setup files the tools add, comma-separated |
 * | forkExecArgv | `SPELLBOOK_FORK_EXEC_ARGV` | Node options for the test processes only, as a JSON array |
 * | workerCache | `SPELLBOOK_TS_WORKER_CACHE` | where ts-worker writes compiled workers on Node 20 |
 * | targetKind, targetFolder | `COURSE_TARGET_KIND`, `COURSE_TARGET_FOLDER` | set by the preset for the test processes: what `target` resolved to |
 */
export const RUN_VARIABLES = Object.freeze({
  target: 'COURSE_TARGET',
  hiddenTests: 'COURSE_EXTRA_TESTS',
  resultsFile: 'SPELLBOOK_RESULTS_FILE',
  provisionalFile: 'SPELLBOOK_PROVISIONAL_FILE',
  setupFiles: 'SPELLBOOK_SETUP_FILES',
  forkExecArgv: 'SPELLBOOK_FORK_EXEC_ARGV',
  workerCache: 'SPELLBOOK_TS_WORKER_CACHE',
  targetKind: 'COURSE_TARGET_KIND',
  targetFolder: 'COURSE_TARGET_FOLDER',
});

/** @param {string | undefined} value @returns {string | undefined} */
const present = (value) => (value === undefined || value === '' ? undefined : value);

/**
 * The environment for a test run: `base` with every contract variable set
 * from `settings`, or removed where `settings` leaves it out. Nothing of the
 * contract is inherited from `base`, so a run and a listing given the same
 * settings see the same tests whatever the caller's own environment holds.
 *
 * @param {import('./run-contract.d.mts').RunSettings} settings
 * @param {NodeJS.ProcessEnv} [base]
 * @returns {NodeJS.ProcessEnv}
 */
export function runEnvironment(settings, base = process.env) {
  /** @type {NodeJS.ProcessEnv} */
  const env = { ...base };
  applyRunSettings(settings, env);
  return env;
}

/**
 * Sets every contract variable in `env` (this process's own environment by
 * default) from `settings`, removing those `settings` leaves out: for a tool
 * that runs vitest inside its own process (the mutation tester).
 *
 * @param {import('./run-contract.d.mts').RunSettings} settings
 * @param {NodeJS.ProcessEnv} [env]
 * @returns {void}
 */
export function applyRunSettings(settings, env = process.env) {
  /** @type {Record<keyof typeof RUN_VARIABLES, string | undefined>} */
  const values = {
    target: settings.target,
    hiddenTests: settings.hiddenTests,
    resultsFile: settings.resultsFile,
    provisionalFile: settings.provisionalFile,
    setupFiles: settings.setupFiles?.length ? settings.setupFiles.join(',') : undefined,
    forkExecArgv: settings.forkExecArgv?.length ? JSON.stringify(settings.forkExecArgv) : undefined,
    workerCache: settings.workerCache,
    targetKind: settings.targetKind,
    targetFolder: settings.targetFolder,
  };
  for (const [setting, variable] of Object.entries(RUN_VARIABLES)) {
    const value = values[/** @type {keyof typeof RUN_VARIABLES} */ (setting)];
    if (value === undefined) delete env[variable];
    else env[variable] = value;
  }
}

/**
 * The settings a run was given, read back from `env`.
 *
 * @param {NodeJS.ProcessEnv} [env]
 * @returns {import('./run-contract.d.mts').RunSettings}
 * @throws Error when `SPELLBOOK_FORK_EXEC_ARGV` is not a JSON array of strings.
 */
export function readRunSettings(env = process.env) {
  /** @type {string[]} */
  let forkExecArgv = [];
  const rawArgv = present(env[RUN_VARIABLES.forkExecArgv]);
  if (rawArgv !== undefined) {
    const parsed = /** @type {unknown} */ (JSON.parse(rawArgv));
    if (!Array.isArray(parsed) || !parsed.every((item) => typeof item === 'string')) {
      throw new Error(`${RUN_VARIABLES.forkExecArgv} must be a JSON array of strings`);
    }
    forkExecArgv = parsed;
  }
  const target = present(env[RUN_VARIABLES.target]);
  const hiddenTests = present(env[RUN_VARIABLES.hiddenTests]);
  const resultsFile = present(env[RUN_VARIABLES.resultsFile]);
  const provisionalFile = present(env[RUN_VARIABLES.provisionalFile]);
  const workerCache = present(env[RUN_VARIABLES.workerCache]);
  const targetKind = present(env[RUN_VARIABLES.targetKind]);
  const targetFolder = present(env[RUN_VARIABLES.targetFolder]);
  return {
    ...(target !== undefined ? { target } : {}),
    ...(hiddenTests !== undefined ? { hiddenTests } : {}),
    ...(resultsFile !== undefined ? { resultsFile } : {}),
    ...(provisionalFile !== undefined ? { provisionalFile } : {}),
    setupFiles: (env[RUN_VARIABLES.setupFiles] ?? '').split(',').filter(Boolean),
    forkExecArgv,
    ...(workerCache !== undefined ? { workerCache } : {}),
    ...(targetKind !== undefined ? { targetKind } : {}),
    ...(targetFolder !== undefined ? { targetFolder } : {}),
  };
}

/**
 * Removes the results stream's file names from this process's environment,
 * so that the code under test is not handed the path of its own score sheet.
 *
 * @returns {void}
 */
export function forgetResultFiles() {
  delete process.env[RUN_VARIABLES.resultsFile];
  delete process.env[RUN_VARIABLES.provisionalFile];
}
