import { execFileSync } from 'node:child_process';
import { mkdirSync, rmdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { memoryLimitMb, pidsLimit } from '../src/cgroup.ts';

const cgroupModule = JSON.stringify(new URL('../src/cgroup.ts', import.meta.url).href);

/** Where a cgroup v1 folder of `controller` is made for a test. */
const groupFolder = (controller: 'memory' | 'pids') =>
  path.join('/sys/fs/cgroup', controller, `spellbook-test-${process.pid}`);

/** Whether a cgroup v1 folder of `controller` can be made here: root and a writable v1 hierarchy are needed. */
function canMakeGroup(controller: 'memory' | 'pids'): boolean {
  try {
    mkdirSync(groupFolder(controller));
    rmdirSync(groupFolder(controller));
    return true;
  } catch {
    return false;
  }
}

/** Runs `check` with a cgroup v1 folder of `controller` whose `file` says `value`, then removes the folder. */
function withGroup(
  controller: 'memory' | 'pids',
  file: string,
  value: string,
  check: (folder: string) => void,
) {
  const folder = groupFolder(controller);
  mkdirSync(folder);
  try {
    writeFileSync(path.join(folder, file), value);
    check(folder);
  } finally {
    rmdirSync(folder);
  }
}

/** What a fresh process started inside `folder` reads as the limits. */
function limitsInside(folder: string): { memory?: { value: number }; pids?: { value: number } } {
  const script = `import { memoryLimitMb, pidsLimit } from ${cgroupModule};
process.stdout.write(JSON.stringify({ memory: memoryLimitMb(), pids: pidsLimit() }));`;
  // The shell moves itself into the group, then becomes Node, which inherits it.
  const shell = `echo $$ > ${folder}/cgroup.procs && exec "$0" --import tsx --input-type=module -e "$1"`;
  return JSON.parse(
    execFileSync('sh', ['-c', shell, process.execPath, script], { encoding: 'utf8', timeout: 30_000 }),
  ) as { memory?: { value: number }; pids?: { value: number } };
}

describe('the limits of this process’s cgroups', () => {
  test('are whole numbers, or unknown', () => {
    for (const limit of [memoryLimitMb(), pidsLimit()]) {
      if (limit) {
        expect(Number.isSafeInteger(limit.value) && limit.value > 0).toBe(true);
        expect(limit.source).toMatch(/^cgroup v[12] \//);
      }
    }
  });

  test.skipIf(!canMakeGroup('memory'))('a memory limit of 700 MiB set here is read as 700 MiB', () => {
    withGroup('memory', 'memory.limit_in_bytes', String(700 * 1024 * 1024), (folder) => {
      expect(limitsInside(folder).memory?.value).toBe(700);
    });
  });

  test.skipIf(!canMakeGroup('pids'))('a pids limit of 300 set here is read as 300', () => {
    withGroup('pids', 'pids.max', '300', (folder) => {
      expect(limitsInside(folder).pids?.value).toBe(300);
    });
  });
});
