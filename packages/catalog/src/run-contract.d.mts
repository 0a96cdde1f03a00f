/**
 * Types for run-contract.mjs: the environment variables of a lesson's test run.
 *
 * @module
 */

/** The variable behind each setting of a test run. */
export declare const RUN_VARIABLES: Readonly<{
  target: 'COURSE_TARGET';
  hiddenTests: 'COURSE_EXTRA_TESTS';
  resultsFile: 'SPELLBOOK_RESULTS_FILE';
  provisionalFile: 'SPELLBOOK_PROVISIONAL_FILE';
  setupFiles: 'SPELLBOOK_SETUP_FILES';
  forkExecArgv: 'SPELLBOOK_FORK_EXEC_ARGV';
  workerCache: 'SPELLBOOK_TS_WORKER_CACHE';
  targetKind: 'COURSE_TARGET_KIND';
  targetFolder: 'COURSE_TARGET_FOLDER';
}>;

/** What a test run is told, one field per variable of {@link RUN_VARIABLES}. */
export interface RunSettings {
  /** `starter` (or absent), `solution`, or a lesson folder of a submission. */
  readonly target?: string;
  /** A folder of hidden tests run beside the lesson's own. */
  readonly hiddenTests?: string;
  /** Where the results stream's reporter writes. */
  readonly resultsFile?: string;
  /** Where the test process writes its provisional results. */
  readonly provisionalFile?: string;
  /** Setup files the course's tools add. */
  readonly setupFiles?: readonly string[];
  /** Node options for the test processes only (never vitest's own). */
  readonly forkExecArgv?: readonly string[];
  /** Where ts-worker writes compiled workers on Node 20. */
  readonly workerCache?: string;
  /** Set by the preset: what `target` resolved to (`starter`, `solution` or `submission`). */
  readonly targetKind?: string;
  /** Set by the preset: the folder whose `src/` the tests import. */
  readonly targetFolder?: string;
}

/** `base` with every contract variable set from `settings`, or removed where `settings` leaves it out. */
export declare function runEnvironment(settings: RunSettings, base?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;

/** Sets every contract variable in `env` (default: `process.env`) from `settings`, removing those it leaves out. */
export declare function applyRunSettings(settings: RunSettings, env?: NodeJS.ProcessEnv): void;

/** The settings a run was given, read back from `env`. */
export declare function readRunSettings(env?: NodeJS.ProcessEnv): RunSettings & {
  readonly setupFiles: readonly string[];
  readonly forkExecArgv: readonly string[];
};

/** Removes the results stream's file names from this process's environment. */
export declare function forgetResultFiles(): void;
