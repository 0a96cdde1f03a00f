/**
 * A vitest setup file for mutation runs only: it hands the active mutant on
 * to the worker threads that the code under test starts.
 *
 * Stryker compiles every mutant into the solution at once, each behind a
 * switch that reads `globalThis.__stryker__.activeMutant`. Its vitest runner
 * sets that global in the test process, but a worker thread has globals of
 * its own, so a mutant in a worker file (or in code a worker imports) would
 * never be switched on there and would always "survive". When that global is
 * unset, the switch falls back to the environment variable
 * `__STRYKER_ACTIVE_MUTANT__`, and a worker thread starts with a copy of its
 * parent's `process.env` as it was when the worker was made. So this file
 * copies the active mutant into that variable, or removes the variable when
 * no mutant is active (Stryker's first, unmutated run).
 *
 * It does so when it loads (Stryker's own setup file, which runs first, has
 * already set the mutant for a run that reloads the test file, and a pool
 * made while the test file is imported must see it), and again before all
 * tests and before each test, in case the mutant was switched on in a hook.
 *
 * Added by vitest-mutation.config.ts; never part of a lesson's normal runs.
 *
 * @module
 */
import { beforeAll, beforeEach } from 'vitest';

/** The variable Stryker's instrumented code reads when its global is unset. */
const ACTIVE_MUTANT_ENV = '__STRYKER_ACTIVE_MUTANT__';

interface StrykerGlobal {
  __stryker__?: { activeMutant?: string | number };
}

function shareActiveMutant(): void {
  const active = (globalThis as unknown as StrykerGlobal).__stryker__?.activeMutant;
  if (active === undefined) delete process.env[ACTIVE_MUTANT_ENV];
  else process.env[ACTIVE_MUTANT_ENV] = String(active);
}

shareActiveMutant();
beforeAll(shareActiveMutant);
beforeEach(shareActiveMutant);
