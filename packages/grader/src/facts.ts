/**
 * The facts recorded with every grading run, so a grade can be traced to
 * the grader, the course and the machine that made it: timing lessons
 * score differently on one core than on eight.
 *
 * @module
 */
import { execFileSync } from 'node:child_process';
import { effectiveCores } from '@spellbook/test-kit/cores';
import manifest from '../package.json' with { type: 'json' };

/** The grader's version, from its package.json: a new version re-grades everything. */
export const GRADER_VERSION: string = manifest.version;

/** What a grading run records about itself. */
export interface RunFacts {
  readonly startedAt: string;
  readonly graderVersion: string;
  /** `git rev-parse HEAD` of the course, or `unknown` outside a git checkout. */
  readonly courseCommit: string;
  /** The cores the run could really use: `effectiveCores()` from the test kit, not the logical CPUs. */
  readonly cores: number;
  readonly nodeVersion: string;
  /** E.g. `linux-x64`. */
  readonly platform: string;
}

/** The commit checked out in `courseRoot`, or `unknown`. */
export function courseCommit(courseRoot: string): string {
  try {
    const head = execFileSync('git', ['rev-parse', 'HEAD'], {
      cwd: courseRoot,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 10_000,
    }).trim();
    return /^[0-9a-f]{40,64}$/.test(head) ? head : 'unknown';
  } catch {
    return 'unknown'; // not a git checkout, or no git at all
  }
}

/** The facts of a run starting now on this machine, for the course at `courseRoot`. */
export function runFacts(courseRoot: string): RunFacts {
  return {
    startedAt: new Date().toISOString(),
    graderVersion: GRADER_VERSION,
    courseCommit: courseCommit(courseRoot),
    // The cores the grader's processes could really use (a CPU quota or an affinity mask lowers it).
    cores: effectiveCores().cores,
    nodeVersion: process.version,
    platform: `${process.platform}-${process.arch}`,
  };
}
