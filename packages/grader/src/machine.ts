/**
 * The machine a grading run is on, read once as it starts: the cores it can
 * really use (a CPU quota, an affinity mask), the memory its container may
 * hold and the processes and threads it may start. From them come what the
 * run can judge fairly (a speed test needs two usable cores; under one CPU a
 * heartbeat or a deadline may have no verdict) and how much each lesson may
 * hold: a lesson that goes over its share is stopped by the runner's
 * watchdog, so a memory bomb costs that one lesson, never the container the
 * grader and the other lessons run in.
 *
 * Every report says what {@link machineLine} says, once.
 *
 * @module
 */
import os from 'node:os';
import { memoryLimitMb, pidsLimit, type CgroupLimit } from '@spellbook/test-kit/cgroup';
import { effectiveCores, formatCpus, type EffectiveCores } from '@spellbook/test-kit/cores';

/** What grading can use here. */
export interface Machine {
  readonly cores: EffectiveCores;
  /** The container's memory limit (cgroup), if one is set. */
  readonly memoryLimit?: CgroupLimit;
  /** The memory of the whole machine, in MiB. */
  readonly totalMemoryMb: number;
  /** The container's limit on processes and threads together (cgroup), if one is set. */
  readonly pidsLimit?: CgroupLimit;
}

/** The machine this process runs on, as it is now. */
export function readMachine(): Machine {
  const memoryLimit = memoryLimitMb();
  const pids = pidsLimit();
  return {
    cores: effectiveCores(),
    ...(memoryLimit ? { memoryLimit } : {}),
    totalMemoryMb: Math.floor(os.totalmem() / 1024 / 1024),
    ...(pids ? { pidsLimit: pids } : {}),
  };
}

/**
 * Memory kept for the grader's own process (Node, the gradebook, the
 * reports) when a container's limit is shared out among lessons, in MiB.
 */
export const GRADER_RESERVE_MB = 192;

/**
 * The resident memory a correct lesson's processes may need together, in
 * MiB. `pnpm grade --solutions` on this course (Node 20, 2 cores): 309 to
 * 474 MiB, added up over the processes as the watchdog adds them, which
 * counts the memory they share once for each.
 */
export const LESSON_MEMORY_MB = 512;

/** Processes and threads kept for the grader's own process when a pids limit is shared out. */
export const GRADER_RESERVE_THREADS = 32;

/** What each lesson may use, and how many lessons run at once, on a machine. */
export interface LessonBudget {
  /** Lessons without timing tests graded at once: `--jobs`, lowered when the memory limit fits fewer. */
  readonly jobs: number;
  /** The resident memory of a lesson's processes together above which it is stopped, in MiB. */
  readonly groupMemoryMb: number;
  /** The heap cap of each of its processes, in MiB: never above the group's. */
  readonly heapMb: number;
  /** The threads of a lesson's processes together above which it is stopped. */
  readonly threadLimit: number;
  /** What was changed from what was asked, and why, in words. */
  readonly notes: readonly string[];
}

/** The limits a machine with no container limits gets (grade.ts's defaults). */
export interface UnlimitedDefaults {
  readonly groupMemoryMb: number;
  readonly heapMb: number;
  readonly threadLimit: number;
}

/**
 * Shares a container's memory and pids limits out among `jobs` lessons at
 * once, after the grader's own reserve. `jobs` is lowered while a lesson's
 * share would be under {@link LESSON_MEMORY_MB}; one lesson gets whatever is
 * left, and a note says when that is less than a lesson needs.
 */
export function lessonBudget(machine: Machine, jobs: number, defaults: UnlimitedDefaults): LessonBudget {
  const notes: string[] = [];
  let groupMemoryMb = defaults.groupMemoryMb;
  let running = jobs;
  if (machine.memoryLimit) {
    const spare = machine.memoryLimit.value - GRADER_RESERVE_MB;
    const fits = Math.max(1, Math.floor(spare / LESSON_MEMORY_MB));
    if (fits < running) {
      notes.push(
        `${running} lessons at once asked (--jobs), ${fits} fit${fits === 1 ? 's' : ''} in ${machine.memoryLimit.value} MiB`,
      );
      running = fits;
    }
    groupMemoryMb = Math.max(0, Math.min(groupMemoryMb, Math.floor(spare / running)));
    if (groupMemoryMb < LESSON_MEMORY_MB) {
      notes.push(
        `each lesson may hold only ${groupMemoryMb} MiB, where a correct one may need ${LESSON_MEMORY_MB} MiB: grade with more memory`,
      );
    }
  }
  let threadLimit = defaults.threadLimit;
  if (machine.pidsLimit) {
    threadLimit = Math.max(
      1,
      Math.min(threadLimit, Math.floor((machine.pidsLimit.value - GRADER_RESERVE_THREADS) / running)),
    );
  }
  return {
    jobs: running,
    groupMemoryMb,
    heapMb: Math.min(defaults.heapMb, groupMemoryMb),
    threadLimit,
    notes,
  };
}

/** What the machine cannot judge fairly, in words; empty where it can judge everything. */
export function cannotJudge(machine: Machine): string[] {
  const limits: string[] = [];
  const { cores } = machine;
  if (cores.cores < 2) {
    limits.push(`speed tests have no verdict here (${cores.cores} usable core: a speed-up needs 2)`);
  }
  if (cores.quota && cores.quota.cpus < 1) {
    limits.push(
      `heartbeat and deadline tests may have no verdict here (${formatCpus(cores.quota.cpus)}: the kernel stops the whole process for part of every period)`,
    );
  }
  return limits;
}

/**
 * One line for every report: the machine's limits, each lesson's share of
 * them, and what it cannot judge. E.g. "0.5 CPUs (a CPU quota …), 1 usable
 * core; 768 MiB memory (cgroup v1 …); each lesson may hold 576 MiB and 128
 * threads, 1 at a time (2 lessons at once asked (--jobs), 1 fits in
 * 768 MiB). Cannot judge: speed tests have no verdict here (…)".
 */
export function machineLine(machine: Machine, budget: LessonBudget): string {
  const { cores } = machine;
  const parts = [
    cores.text,
    machine.memoryLimit
      ? `${machine.memoryLimit.value} MiB memory (${machine.memoryLimit.source})`
      : `${machine.totalMemoryMb} MiB memory, no container limit`,
    ...(machine.pidsLimit
      ? [`${machine.pidsLimit.value} processes and threads (${machine.pidsLimit.source})`]
      : []),
  ];
  const share =
    `each lesson may hold ${budget.groupMemoryMb} MiB and ${budget.threadLimit} threads, ` +
    `${budget.jobs} at a time${budget.notes.length > 0 ? ` (${budget.notes.join('; ')})` : ''}`;
  const limits = cannotJudge(machine);
  return `${parts.join('; ')}; ${share}. ${limits.length > 0 ? `Cannot judge: ${limits.join('; ')}.` : 'Can judge every test.'}`;
}
