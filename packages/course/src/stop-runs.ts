/**
 * Stopping the test runs this process started, when the student quits in
 * the middle of one.
 *
 * runLessonTests starts each run as the leader of a process group of its
 * own (so that it can stop everything the run started) and offers no way to
 * stop it early from outside. A run left behind would go on in the
 * background after `q`, so on quitting the companion finds its own children
 * that lead their own group and stops those groups.
 *
 * @module
 */
import { execFileSync } from 'node:child_process';

/** Kills the process groups of test runs this process started that are still going. */
export function stopOwnTestRuns(): void {
  let table: string;
  try {
    table = execFileSync('ps', ['-A', '-o', 'pid=,ppid=,pgid='], { encoding: 'utf8' });
  } catch {
    return; // no ps (Windows): nothing was started in a group of its own either
  }
  for (const row of table.split('\n')) {
    const [pid, ppid, pgid] = row.trim().split(/\s+/).map(Number);
    if (pid === undefined || ppid !== process.pid || pgid !== pid) continue;
    try {
      // A negative pid names the whole group: vitest and every fork it started.
      process.kill(-pid, 'SIGKILL');
    } catch {
      // The run ended in the meantime.
    }
  }
}
