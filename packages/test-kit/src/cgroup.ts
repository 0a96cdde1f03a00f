/**
 * The control groups this process belongs to, and the limits they set. The
 * kernel, not Node, enforces a container's limits: a CPU quota (cores.ts
 * reads it), a memory limit past which it kills a process, and a cap on
 * processes and threads. All three are read the same way, from cgroup v1
 * (one hierarchy per controller) or v2 (one for all), walking from the
 * process's own cgroup up to the top of the mounted hierarchy, since a limit
 * set on any of those folders applies. Linux only; elsewhere every limit is
 * unknown (`undefined`).
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** A controller whose limits the course reads. */
export type Controller = 'cpu' | 'memory' | 'pids';

/** One cgroup mount, from /proc/self/mountinfo. */
export interface CgroupMount {
  readonly version: 1 | 2;
  /** The part of the hierarchy mounted (not `/` inside many containers). */
  readonly root: string;
  readonly mountPoint: string;
}

/** A file's text, or undefined where it cannot be read. */
export function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function cgroupMounts(controller: Controller): CgroupMount[] {
  const mounts: CgroupMount[] = [];
  for (const line of (readText('/proc/self/mountinfo') ?? '').split('\n')) {
    const [before, after] = line.split(' - ');
    if (!before || !after) continue;
    const fields = before.split(' ');
    const [fsType, , superOptions = ''] = after.split(' ');
    const root = fields[3];
    const mountPoint = fields[4];
    if (root === undefined || mountPoint === undefined) continue;
    if (fsType === 'cgroup2') mounts.push({ version: 2, root, mountPoint });
    else if (fsType === 'cgroup' && superOptions.split(',').includes(controller)) {
      mounts.push({ version: 1, root, mountPoint });
    }
  }
  return mounts;
}

/** The folders from this process's cgroup up to the mount's top: limits set on any of them apply. */
function cgroupFolders(mount: CgroupMount, cgroupPath: string): string[] {
  const relative = path.posix.relative(mount.root, cgroupPath);
  // A path outside the mounted part (a container that mounts only its own cgroup) is the mount itself.
  let folder = relative.startsWith('..') ? mount.mountPoint : path.posix.join(mount.mountPoint, relative);
  const folders = [folder];
  while (folder !== mount.mountPoint && folder.startsWith(mount.mountPoint)) {
    folder = path.posix.dirname(folder);
    folders.push(folder);
  }
  return folders;
}

/** Every cgroup folder (v1 for `controller`, or v2) whose limits apply to this process, with its mount. */
export function ownCgroupFolders(controller: Controller): { mount: CgroupMount; folder: string }[] {
  const memberships = (readText('/proc/self/cgroup') ?? '').split('\n');
  const found: { mount: CgroupMount; folder: string }[] = [];
  for (const mount of cgroupMounts(controller)) {
    const membership = memberships
      .map((line) => line.split(':'))
      .find(([, controllers = '', cgroupPath]) =>
        mount.version === 2
          ? controllers === '' && cgroupPath !== undefined
          : controllers.split(',').includes(controller),
      );
    const cgroupPath = membership?.slice(2).join(':');
    if (cgroupPath === undefined) continue;
    for (const folder of cgroupFolders(mount, cgroupPath)) found.push({ mount, folder });
  }
  return found;
}

/** A limit, and the file it was read from. */
export interface CgroupLimit {
  readonly value: number;
  /** E.g. `cgroup v2 /sys/fs/cgroup/memory.max`. */
  readonly source: string;
}

/**
 * The tightest value of a limit file over this process's cgroups. v1 writes
 * "no limit" as a huge number (memory: near 2⁶³, rounded to pages), v2 as
 * `max`; both count as no limit.
 */
function tightest(controller: Controller, v1File: string, v2File: string): CgroupLimit | undefined {
  let found: CgroupLimit | undefined;
  for (const { mount, folder } of ownCgroupFolders(controller)) {
    const file = path.posix.join(folder, mount.version === 2 ? v2File : v1File);
    const value = Number((readText(file) ?? '').trim());
    if (!Number.isSafeInteger(value) || value <= 0) continue; // `max`, unreadable, or v1's "no limit"
    if (!found || value < found.value) found = { value, source: `cgroup v${mount.version} ${file}` };
  }
  return found;
}

/** The memory this process's cgroups may hold, in MiB: past it the kernel kills a process in them. */
export function memoryLimitMb(): CgroupLimit | undefined {
  const bytes = tightest('memory', 'memory.limit_in_bytes', 'memory.max');
  return bytes && { value: Math.floor(bytes.value / 1024 / 1024), source: bytes.source };
}

/** How many processes and threads this process's cgroups may hold together. */
export function pidsLimit(): CgroupLimit | undefined {
  return tightest('pids', 'pids.max', 'pids.max');
}
