/**
 * Knowing the machine before grading: each lesson's share of a container's
 * memory and pids limits, what the machine cannot judge, and the one line
 * every report carries. The last test grades inside a real 768 MiB memory
 * limit (cgroup v1, as root), the size of Gradescope's default container.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { EffectiveCores } from '@spellbook/test-kit/cores';
import { describe, expect, test } from 'vitest';
import {
  cannotJudge,
  GRADER_RESERVE_MB,
  LESSON_MEMORY_MB,
  lessonBudget,
  machineLine,
  readMachine,
  type Machine,
} from '../src/machine.ts';
import { bin, course } from './helpers.ts';

const defaults = { groupMemoryMb: 3072, heapMb: 2048, threadLimit: 128 };

const cores = (count: number, quotaCpus?: number): EffectiveCores => ({
  cores: count,
  logical: 2,
  ...(quotaCpus !== undefined ? { quota: { cpus: quotaCpus, source: 'cgroup v1 /q/cpu.cfs_quota_us' } } : {}),
  reasons: [],
  text: `${count} usable core(s)`,
});

const machine = (changes: Partial<Machine> = {}): Machine => ({
  cores: cores(2),
  totalMemoryMb: 16_000,
  ...changes,
});

const limit = (value: number) => ({ value, source: 'cgroup v2 /sys/fs/cgroup/x' });

describe('lessonBudget', () => {
  test('no container limits: the defaults, as many lessons at once as asked', () => {
    expect(lessonBudget(machine(), 2, defaults)).toEqual({ jobs: 2, ...defaults, notes: [] });
  });

  test("Gradescope's 768 MB: one lesson at a time, with what the grader leaves", () => {
    const budget = lessonBudget(machine({ memoryLimit: limit(768) }), 2, defaults);
    expect(budget.jobs).toBe(1);
    expect(budget.groupMemoryMb).toBe(768 - GRADER_RESERVE_MB);
    expect(budget.heapMb).toBe(768 - GRADER_RESERVE_MB);
    expect(budget.notes).toEqual(['2 lessons at once asked (--jobs), 1 fits in 768 MiB']);
  });

  test("hosted PrairieLearn's 2 GiB and 1024 pids: two lessons, each with half of what is left", () => {
    const budget = lessonBudget(machine({ memoryLimit: limit(2048), pidsLimit: limit(1024) }), 2, defaults);
    expect(budget).toMatchObject({ jobs: 2, groupMemoryMb: Math.floor((2048 - GRADER_RESERVE_MB) / 2) });
    expect(budget.threadLimit).toBe(128);
    expect(budget.notes).toEqual([]);
  });

  test('a pids limit below the default shares its threads out', () => {
    expect(lessonBudget(machine({ pidsLimit: limit(160) }), 2, defaults).threadLimit).toBe((160 - 32) / 2);
  });

  test('less memory than one lesson needs is said, not hidden', () => {
    const budget = lessonBudget(machine({ memoryLimit: limit(512) }), 1, defaults);
    expect(budget.groupMemoryMb).toBe(512 - GRADER_RESERVE_MB);
    expect(budget.notes.join()).toContain(`a correct one may need ${LESSON_MEMORY_MB} MiB`);
  });
});

describe('what the machine cannot judge', () => {
  test('two usable cores and no quota: everything', () => {
    expect(cannotJudge(machine())).toEqual([]);
    expect(machineLine(machine(), lessonBudget(machine(), 2, defaults))).toMatch(/Can judge every test\.$/);
  });

  test('half a CPU: no speed verdict, and heartbeats and deadlines may have none', () => {
    const half = machine({ cores: cores(1, 0.5) });
    const limits = cannotJudge(half);
    expect(limits).toHaveLength(2);
    expect(limits[0]).toMatch(/^speed tests have no verdict here/);
    expect(limits[1]).toMatch(/^heartbeat and deadline tests may have no verdict here \(0\.5 CPUs/);
  });

  test('1.5 CPUs: no speed verdict only', () => {
    expect(cannotJudge(machine({ cores: cores(1, 1.5) }))).toHaveLength(1);
  });
});

/** Where a cgroup v1 memory folder is made for the last test. */
const memoryGroup = path.join('/sys/fs/cgroup/memory', `spellbook-grader-test-${process.pid}`);

function canMakeMemoryGroup(): boolean {
  try {
    mkdirSync(memoryGroup);
    rmdirSync(memoryGroup);
    return true;
  } catch {
    return false;
  }
}

describe('every report says what the machine could judge', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'grade-machine-'));
  const files = {
    json: path.join(dir, 'report.json'),
    gradescope: path.join(dir, 'results.json'),
    junit: path.join(dir, 'report.xml'),
    markdown: path.join(dir, 'report.md'),
  };
  const args = [
    bin,
    '--submission',
    path.join(course, 'submissions', 'passing'),
    '--lessons',
    '01',
    ...Object.entries(files).flatMap(([flag, file]) => [`--${flag}`, file]),
  ];

  /** The machine line the terminal printed and each report carries, after grading (inside `shell`, when given). */
  function gradeAndRead(shell?: string) {
    const result = shell
      ? spawnSync('sh', ['-c', shell, process.execPath, ...args], { cwd: course, encoding: 'utf8' })
      : spawnSync(process.execPath, args, { cwd: course, encoding: 'utf8' });
    expect(result.status, result.stderr).toBe(0);
    const said = /^machine: (.*)$/m.exec(result.stderr)?.[1];
    const json = JSON.parse(readFileSync(files.json, 'utf8')) as { machine?: string };
    const gradescope = JSON.parse(readFileSync(files.gradescope, 'utf8')) as { output: string };
    return {
      said,
      json: json.machine,
      gradescope: /^Grading machine: (.*)$/m.exec(gradescope.output)?.[1],
      junit: /<property name="machine" value="([^"]*)"\/>/.exec(readFileSync(files.junit, 'utf8'))?.[1],
      markdown: /^Grading machine: (.*)$/m.exec(readFileSync(files.markdown, 'utf8'))?.[1],
    };
  }

  test('here: the line the terminal printed, in every report', () => {
    const seen = gradeAndRead();
    expect(seen.said).toBeDefined();
    const line = seen.said as string;
    expect(line).toContain(readMachine().cores.text);
    expect([seen.json, seen.gradescope, seen.markdown, seen.junit]).toEqual([line, line, line, line]);
  });

  test.skipIf(!canMakeMemoryGroup())(
    'inside a 768 MiB memory limit: the limit read, one lesson at a time, each with what the grader leaves',
    () => {
      mkdirSync(memoryGroup);
      try {
        writeFileSync(path.join(memoryGroup, 'memory.limit_in_bytes'), String(768 * 1024 * 1024));
        // The shell moves itself into the group, then becomes Node: the grader and its lessons are inside.
        const seen = gradeAndRead(`echo $$ > ${memoryGroup}/cgroup.procs && exec "$0" "$@"`);
        expect(seen.said).toContain(`768 MiB memory (cgroup v1 ${memoryGroup}/memory.limit_in_bytes)`);
        expect(seen.said).toContain(
          `each lesson may hold ${768 - GRADER_RESERVE_MB} MiB and 128 threads, 1 at a time (2 lessons at once asked (--jobs), 1 fits in 768 MiB)`,
        );
        expect(seen.json).toBe(seen.said);
      } finally {
        rmdirSync(memoryGroup);
      }
    },
  );
});
