/**
 * How many cores this process can really use. `os.availableParallelism()`
 * counts logical CPUs, which is not the same thing:
 *
 * - a container's CPU quota (`docker run --cpus=1`, Gradescope, many CI
 *   runners) lets the process use only part of them, and Node 20's libuv
 *   does not read it;
 * - a CPU affinity mask (`taskset`, `cpuset`) pins the process to a few;
 * - two logical CPUs may be SMT siblings that share one core's arithmetic
 *   units, and a laptop's efficiency cores are slower than its performance
 *   cores — no API tells a process either in a way a threshold can use.
 *
 * {@link effectiveCores} takes the smallest of the first three, which the
 * kernel states exactly, and reports the others as possible reasons when a
 * measurement shows less parallelism than expected. Everything is read from
 * files the code under test cannot change.
 *
 * @module
 */
import { syncBuiltinESMExports } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { type CgroupMount, ownCgroupFolders, readText } from './cgroup.ts';
import { availableCores } from './clocks.ts';

/** A CPU quota, and where it was read. */
export interface CpuQuota {
  /** The quota in CPUs (quota ÷ period), e.g. 1.5. */
  readonly cpus: number;
  /** The file it came from, e.g. `cgroup v1 /sys/fs/cgroup/cpu/q/cpu.cfs_quota_us`. */
  readonly source: string;
}

/** What {@link effectiveCores} found. */
export interface EffectiveCores {
  /** The cores this process can use at once: the smallest of the figures below, rounded down, at least 1. */
  readonly cores: number;
  /** `os.availableParallelism()`, read before any exercise code loaded. */
  readonly logical: number;
  /** CPUs in this process's affinity mask (Linux), if known. */
  readonly affinity?: number;
  /** The tightest CPU quota of this process's cgroups (v1 or v2), if one is set. */
  readonly quota?: CpuQuota;
  /** Physical cores behind the allowed CPUs (SMT siblings counted once), if the kernel says. */
  readonly physical?: number;
  /** Each limit that applies, in words. */
  readonly reasons: readonly string[];
  /** One line for messages: "1 usable core (a CPU quota of 1 CPU (…); 2 logical CPUs)". */
  readonly text: string;
}

/** Parses a kernel CPU list such as `0-3,8,10-11`. */
export function parseCpuList(list: string): number[] {
  const cpus: number[] = [];
  for (const part of list.trim().split(',')) {
    if (part === '') continue;
    const [from, to] = part.split('-').map(Number);
    if (from === undefined || !Number.isInteger(from)) continue;
    const last = to !== undefined && Number.isInteger(to) ? to : from;
    for (let cpu = from; cpu <= last; cpu += 1) cpus.push(cpu);
  }
  return cpus;
}

function allowedCpus(): number[] | undefined {
  const status = readText('/proc/self/status');
  const match = status && /^Cpus_allowed_list:\s*(\S+)$/m.exec(status);
  return match?.[1] ? parseCpuList(match[1]) : undefined;
}

/** Physical cores among `cpus`: each set of SMT siblings counts once. */
function physicalCores(cpus: readonly number[]): number | undefined {
  const groups = new Set<string>();
  for (const cpu of cpus) {
    const siblings = readText(`/sys/devices/system/cpu/cpu${cpu}/topology/thread_siblings_list`);
    if (siblings === undefined) return undefined;
    // Only the siblings this process may use share a core with it.
    const own = parseCpuList(siblings).filter((sibling) => cpus.includes(sibling));
    groups.add(own.join(','));
  }
  return groups.size > 0 ? groups.size : undefined;
}

function quotaOf(mount: CgroupMount, folder: string): CpuQuota | undefined {
  if (mount.version === 2) {
    const file = path.posix.join(folder, 'cpu.max');
    const [quota, period] = (readText(file) ?? '').trim().split(/\s+/).map(Number);
    if (quota === undefined || period === undefined || !(quota > 0) || !(period > 0)) return undefined; // "max"
    return { cpus: quota / period, source: `cgroup v2 ${file}` };
  }
  const quotaFile = path.posix.join(folder, 'cpu.cfs_quota_us');
  const quota = Number((readText(quotaFile) ?? '').trim());
  const period = Number((readText(path.posix.join(folder, 'cpu.cfs_period_us')) ?? '').trim());
  if (!(quota > 0) || !(period > 0)) return undefined; // -1: no quota
  return { cpus: quota / period, source: `cgroup v1 ${quotaFile}` };
}

/** The tightest CPU quota that applies to this process, from cgroup v2 `cpu.max` or v1 `cpu.cfs_quota_us`. */
export function cpuQuota(): CpuQuota | undefined {
  let tightest: CpuQuota | undefined;
  for (const { mount, folder } of ownCgroupFolders('cpu')) {
    const quota = quotaOf(mount, folder);
    if (quota && (!tightest || quota.cpus < tightest.cpus)) tightest = quota;
  }
  return tightest;
}

/**
 * How long, in ms, the kernel has held this process's cgroups stopped for
 * using up their CPU quota: `throttled_time` (v1, ns) or `throttled_usec`
 * (v2) of `cpu.stat`, summed over every folder that sets a quota. It only
 * grows; read it before and after a timing to learn how much of that wall
 * time the process was not allowed to run. 0 where no quota applies;
 * undefined where a quota applies but its `cpu.stat` cannot be read.
 *
 * The kernel adds a stop to the count for each CPU that had the process's
 * threads waiting, so with several threads runnable at once the figure can
 * exceed the wall time it covers: read it as "at most this much was the
 * quota's doing", never as proof that code waited.
 */
export function throttledMs(): number | undefined {
  return throttleReader()();
}

/**
 * {@link throttledMs} made cheap to read often: the cgroup files are found
 * once, and each read opens only their `cpu.stat` (a heartbeat reads it at
 * every beat). Where no quota applies it reads nothing and says 0.
 */
export function throttleReader(): () => number | undefined {
  const files = ownCgroupFolders('cpu')
    .filter(({ mount, folder }) => quotaOf(mount, folder) !== undefined)
    .map(({ folder }) => path.posix.join(folder, 'cpu.stat'));
  if (files.length === 0) return () => 0;
  return () => {
    let total = 0;
    for (const file of files) {
      const match = /^(throttled_time|throttled_usec) (\d+)$/m.exec(readText(file) ?? '');
      if (!match?.[2]) return undefined;
      total += Number(match[2]) / (match[1] === 'throttled_time' ? 1e6 : 1e3);
    }
    return total;
  };
}

const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`;

/** A number of CPUs in words: "1 CPU", "1.5 CPUs". */
export function formatCpus(cpus: number): string {
  return `${Number(cpus.toFixed(2))} CPU${cpus === 1 ? '' : 's'}`;
}

/** Reads the machine's limits now. */
function readEffectiveCores(logical: number): EffectiveCores {
  const allowed = allowedCpus();
  const quota = cpuQuota();
  const physical = allowed ? physicalCores(allowed) : undefined;
  const candidates = [logical];
  const reasons: string[] = [];
  if (allowed && allowed.length < logical) {
    candidates.push(allowed.length);
    reasons.push(`CPU affinity allows ${plural(allowed.length, 'CPU')} (${allowed.join(',')})`);
  }
  if (quota) {
    candidates.push(Math.floor(quota.cpus));
    reasons.push(`a CPU quota of ${formatCpus(quota.cpus)} (${quota.source})`);
  }
  const cores = Math.max(1, Math.min(...candidates));
  const facts = [`${plural(logical, 'logical CPU')}`];
  if (physical !== undefined && allowed && physical < allowed.length) {
    facts.push(
      `${plural(allowed.length, 'allowed CPU')} on ${plural(physical, 'physical core')} (SMT siblings)`,
    );
  }
  const text = `${plural(cores, 'usable core')} (${[...reasons, ...facts].join('; ')})`;
  return {
    cores,
    logical,
    ...(allowed ? { affinity: allowed.length } : {}),
    ...(quota ? { quota } : {}),
    ...(physical !== undefined ? { physical } : {}),
    reasons,
    text,
  };
}

let cached: EffectiveCores | undefined;

/**
 * The cores this process can really use: the smallest of
 * `os.availableParallelism()`, the CPU affinity mask and the cgroup CPU
 * quota (v1 or v2, rounded down), at least 1, with the reasons that applied.
 * Read once per process.
 *
 * @example
 * ```ts
 * const { cores, text } = effectiveCores();
 * // 1, "1 usable core (a CPU quota of 1 CPU (cgroup v1 …); 2 logical CPUs)"
 * ```
 */
export function effectiveCores(): EffectiveCores {
  cached ??= readEffectiveCores(availableCores());
  return cached;
}

/**
 * Runs `call` while `os.availableParallelism()` answers `count` to the code
 * under test, through `os.availableParallelism` and a named import of it alike
 * (`syncBuiltinESMExports`), then puts the real one back. For the chapters'
 * "by default, `os.availableParallelism()` copies": told a count that no test
 * machine is assumed to have (3), code whose default is fixed at this
 * machine's count shows it. The kit's own figures ({@link effectiveCores},
 * the clocks' `availableCores`) were read before, and do not change.
 *
 * @example
 * ```ts
 * const run = await withReportedCores(3, () => recordParallelRun('default copies', limit, 3, () => sum(limit)));
 * ```
 */
export async function withReportedCores<T>(count: number, call: () => Promise<T>): Promise<T> {
  effectiveCores();
  const real = os.availableParallelism;
  os.availableParallelism = () => count;
  syncBuiltinESMExports();
  try {
    return await call();
  } finally {
    os.availableParallelism = real;
    syncBuiltinESMExports();
  }
}
