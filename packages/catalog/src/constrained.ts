/**
 * Machines unlike this one, made on this one: a run of a lesson's tests held
 * to part of the CPU by a cgroup quota (the shape of `docker run --cpus=1`,
 * Gradescope's containers and many CI runners) or pinned to one CPU with
 * `taskset`. The self-check runs every timing lesson's reference solution
 * this way to prove that its speed verdicts are fair on such machines: each
 * test passes, or says "inconclusive" with its reason, and none fails.
 *
 * Quotas need root and a writable cgroup file system (v1 `cpu` controller
 * or v2 `cpu.max`); where there is none, the constrained runs are skipped
 * with the reason, except under `CI=true` as root, where that is an error.
 *
 * @module
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** A limit to run a lesson's tests under. */
export type MachineConstraint =
  { readonly kind: 'quota'; readonly cpus: number } | { readonly kind: 'affinity'; readonly cpu: number };

/** The constraints the self-check proves the timing lessons against. */
export const PROVING_CONSTRAINTS: readonly MachineConstraint[] = [
  // Half a CPU (Gradescope's default container): the kernel stops the whole
  // process for part of every period, which no wall-clock bound survives
  // unless it knows. It also stands for every quota below the cores.
  { kind: 'quota', cpus: 0.5 },
  { kind: 'quota', cpus: 1.5 },
  { kind: 'affinity', cpu: 0 },
];

/** The constraint in words. */
export function describeConstraint(constraint: MachineConstraint): string {
  return constraint.kind === 'quota'
    ? `held to a CPU quota of ${constraint.cpus} CPU${constraint.cpus === 1 ? '' : 's'}`
    : `pinned to CPU ${constraint.cpu} with taskset`;
}

/** A constraint made ready: the command prefix that applies it, and how to undo it. */
export interface AppliedConstraint {
  /** Put before the command: it applies the constraint, then execs the command in the same process. */
  readonly prefix: readonly string[];
  /** Removes what was made for it (after the run's processes have all ended). */
  release(): void;
}

const CGROUP_ROOT = '/sys/fs/cgroup';
const PERIOD_US = 100_000;

type CgroupLayout = { readonly version: 1; readonly cpuRoot: string } | { readonly version: 2 };

function cgroupLayout(): CgroupLayout | undefined {
  for (const name of ['cpu', 'cpu,cpuacct']) {
    const cpuRoot = path.join(CGROUP_ROOT, name);
    if (existsSync(path.join(cpuRoot, 'cpu.cfs_quota_us'))) return { version: 1, cpuRoot };
  }
  try {
    const controllers = readFileSync(path.join(CGROUP_ROOT, 'cgroup.controllers'), 'utf8');
    if (controllers.split(/\s+/).includes('cpu')) return { version: 2 };
  } catch {
    // neither layout
  }
  return undefined;
}

function hasTaskset(): boolean {
  try {
    execFileSync('taskset', ['--version'], { stdio: 'ignore', timeout: 5_000 });
    return true;
  } catch {
    return false;
  }
}

/** Why `constraint` cannot be applied on this machine, or `undefined` when it can. */
export function whyNotAvailable(constraint: MachineConstraint): string | undefined {
  if (process.platform !== 'linux') return `${process.platform} has no cgroups or taskset`;
  if (constraint.kind === 'affinity') {
    return hasTaskset() ? undefined : 'taskset (util-linux) is not installed';
  }
  if (process.getuid?.() !== 0) return 'setting a CPU quota needs root';
  const layout = cgroupLayout();
  if (!layout) return `no cgroup cpu controller under ${CGROUP_ROOT}`;
  // Root inside a container may still find the cgroup file system read-only: try.
  const probe = path.join(
    layout.version === 1 ? layout.cpuRoot : CGROUP_ROOT,
    `spellbook-probe-${process.pid}`,
  );
  try {
    mkdirSync(probe);
    rmdirSync(probe);
    return undefined;
  } catch (error) {
    return `cannot make a cgroup: ${(error as Error).message}`;
  }
}

let made = 0;

/** Makes `constraint` ready to apply (a cgroup with the quota, or the taskset prefix). */
export function applyConstraint(constraint: MachineConstraint): AppliedConstraint {
  if (constraint.kind === 'affinity') {
    return { prefix: ['taskset', '--cpu-list', String(constraint.cpu)], release: () => {} };
  }
  const layout = cgroupLayout();
  if (!layout) throw new Error(`no cgroup cpu controller under ${CGROUP_ROOT}`);
  const name = `spellbook-${process.pid}-${(made += 1)}`;
  const quota = String(Math.round(constraint.cpus * PERIOD_US));
  let folder: string;
  if (layout.version === 1) {
    folder = path.join(layout.cpuRoot, name);
    mkdirSync(folder);
    writeFileSync(path.join(folder, 'cpu.cfs_period_us'), String(PERIOD_US));
    writeFileSync(path.join(folder, 'cpu.cfs_quota_us'), quota);
  } else {
    // The cpu controller must be on for the root's children before one can carry a quota.
    const control = path.join(CGROUP_ROOT, 'cgroup.subtree_control');
    if (!readFileSync(control, 'utf8').split(/\s+/).includes('cpu')) writeFileSync(control, '+cpu');
    folder = path.join(CGROUP_ROOT, name);
    mkdirSync(folder);
    writeFileSync(path.join(folder, 'cpu.max'), `${quota} ${PERIOD_US}`);
  }
  const procs = path.join(folder, 'cgroup.procs');
  return {
    // The shell moves itself into the cgroup, then becomes the command: nothing runs outside it.
    prefix: ['/bin/sh', '-c', 'echo $$ > "$0" && exec "$@"', procs],
    release() {
      // The last processes may take a moment to leave after the group is killed.
      for (let attempt = 0; attempt < 50; attempt += 1) {
        try {
          rmdirSync(folder);
          return;
        } catch {
          execFileSync('sleep', ['0.1']);
        }
      }
    },
  };
}
