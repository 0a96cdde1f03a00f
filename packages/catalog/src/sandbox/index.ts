/**
 * The sandbox a graded lesson runs in, as far as one machine allows without
 * a container. It is applied to vitest's test processes (where the code under
 * test runs), not to vitest itself, through the run's fork options (see
 * run-contract.mjs), which the course's preset adds to the test processes' Node options:
 *
 * - Node's permission model: every file may be read, but written only inside
 *   the folders named here (the submission's scratch copy and the run's
 *   provisional results); no child process may be started. Worker threads
 *   are allowed: the lessons are about them.
 * - A network guard preloaded into every thread refuses connections to
 *   anything but this machine.
 *
 * The time limit, the memory and thread limits and the process group that is
 * killed at the end are the runner's (run-tests.ts).
 *
 * @module
 */
import { fileURLToPath } from 'node:url';

/** What a sandboxed run may do beyond reading. */
export interface SandboxOptions {
  /** Folders the code under test may write in (and below). */
  readonly writable: readonly string[];
}

const networkGuard = fileURLToPath(new URL('./network-guard.cjs', import.meta.url));

/** The permission flag this Node knows: `--permission` (Node ≥ 22.13), or `--experimental-permission` (Node 20). */
export function permissionFlag(): string | undefined {
  if (process.allowedNodeEnvironmentFlags.has('--permission')) return '--permission';
  if (process.allowedNodeEnvironmentFlags.has('--experimental-permission')) {
    return '--experimental-permission';
  }
  return undefined;
}

/** The Node options for a test process in the sandbox. */
export function sandboxExecArgv(options: SandboxOptions): string[] {
  const flag = permissionFlag();
  const permissions = flag
    ? [
        flag,
        '--allow-fs-read=*',
        ...options.writable.map((folder) => `--allow-fs-write=${folder}/*`),
        '--allow-worker',
      ]
    : [];
  return [...permissions, '--require', networkGuard];
}
