import { execFileSync } from 'node:child_process';
import { applyConstraint, whyNotAvailable, type MachineConstraint } from '@spellbook/catalog';
import { describe, expect, test } from 'vitest';
import { formatCpus, parseCpuList, type EffectiveCores } from '../src/cores.ts';

describe('parseCpuList', () => {
  test.each([
    ['0', [0]],
    ['0-3', [0, 1, 2, 3]],
    ['0-1,4,6-7\n', [0, 1, 4, 6, 7]],
    ['', []],
  ])('%j', (list, cpus) => {
    expect(parseCpuList(list)).toEqual(cpus);
  });
});

test('formatCpus', () => {
  expect([1, 1.5, 2, 0.333].map(formatCpus)).toEqual(['1 CPU', '1.5 CPUs', '2 CPUs', '0.33 CPUs']);
});

/** effectiveCores() as a fresh process sees it, started under `constraint`. */
function coresUnder(constraint: MachineConstraint): EffectiveCores {
  const applied = applyConstraint(constraint);
  try {
    const script = `import { effectiveCores } from ${JSON.stringify(new URL('../src/cores.ts', import.meta.url).href)};
process.stdout.write(JSON.stringify(effectiveCores()));`;
    const [command = 'node', ...args] = [
      ...applied.prefix,
      process.execPath,
      '--import',
      'tsx',
      '--input-type=module',
      '-e',
      script,
    ];
    return JSON.parse(execFileSync(command, args, { encoding: 'utf8', timeout: 30_000 })) as EffectiveCores;
  } finally {
    applied.release();
  }
}

describe('effectiveCores on a smaller machine made here', () => {
  const quota: MachineConstraint = { kind: 'quota', cpus: 1.5 };
  test.skipIf(whyNotAvailable(quota) !== undefined)(
    'a CPU quota of 1.5 CPUs: 1 usable core, with the quota named',
    () => {
      const cores = coresUnder(quota);
      expect(cores.cores).toBe(1);
      expect(cores.quota?.cpus).toBe(1.5);
      expect(cores.text).toContain('a CPU quota of 1.5 CPUs (cgroup v');
    },
  );

  const pinned: MachineConstraint = { kind: 'affinity', cpu: 0 };
  test.skipIf(whyNotAvailable(pinned) !== undefined)('pinned to one CPU: 1 usable core, affinity 1', () => {
    const cores = coresUnder(pinned);
    expect([cores.cores, cores.affinity, cores.logical]).toEqual([1, 1, 1]);
  });
});
