/**
 * Where the code under test lives on disk, for the rare test that must hand
 * it to another process (the tests' own imports are switched by the preset).
 *
 * @module
 */
import path from 'node:path';
import { readRunSettings } from '@spellbook/catalog/run-contract';

/**
 * The absolute path of `relative` (such as `src/sieve.ts`) inside the
 * exercise being tested: the starter, the solution or a submission, as
 * the run's target chose.
 */
export function exerciseFile(relative: string): string {
  const folder = readRunSettings().targetFolder;
  if (!folder) throw new Error('exerciseFile() works only in a lesson test run through the course preset');
  return path.join(folder, relative);
}
