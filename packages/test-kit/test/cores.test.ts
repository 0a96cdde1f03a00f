import { execFileSync } from 'node:child_process';
import os, { availableParallelism } from 'node:os';
import { applyConstraint, whyNotAvailable, type MachineConstraint } from '@spellbook/catalog';
import { describe, expect, test } from 'vitest';
import {
  cpuQuota,
  effectiveCores,
  formatCpus,
  parseCpuList,
  throttledMs,
  withReportedCores,
  type EffectiveCores,
} from '../src/cores.ts';
import { startHeartbeat } from '../src/heartbeat.ts';

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

const coresModule = JSON.stringify(new URL('../src/cores.ts', import.meta.url).href);

/** What `script` (an ES module that imports `cores`) prints as JSON, run in a fresh process started under `constraint`. */
function runUnder(constraint: MachineConstraint, script: string): unknown {
  const applied = applyConstraint(constraint);
  try {
    const [command = 'node', ...args] = [
      ...applied.prefix,
      process.execPath,
      '--import',
      'tsx',
      '--input-type=module',
      '-e',
      script,
    ];
    return JSON.parse(execFileSync(command, args, { encoding: 'utf8', timeout: 30_000 }));
  } finally {
    applied.release();
  }
}

/** effectiveCores() as a fresh process sees it, started under `constraint`. */
const coresUnder = (constraint: MachineConstraint): EffectiveCores =>
  runUnder(
    constraint,
    `import { effectiveCores } from ${coresModule};
process.stdout.write(JSON.stringify(effectiveCores()));`,
  ) as EffectiveCores;

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

describe('throttledMs', () => {
  test('is 0 where no quota applies, and never falls', () => {
    const before = throttledMs();
    if (cpuQuota() === undefined) expect(before).toBe(0);
    expect(throttledMs() ?? 0).toBeGreaterThanOrEqual(before ?? 0);
  });

  const fifth: MachineConstraint = { kind: 'quota', cpus: 0.2 };
  test.skipIf(whyNotAvailable(fifth) !== undefined)(
    'under a quota of 0.2 CPUs, counts the time the kernel held a busy process stopped',
    () => {
      // 150 ms of CPU spent computing, which the quota spreads over at least
      // 750 ms: once the process has used its fifth of a period, the kernel
      // stops it for the rest. A quota this small is reached in every period
      // even beside other busy programs (a half could be missed when they
      // keep the process from it), so most of the wall time is stopped time.
      // The kernel adds up the stopped time of each CPU the group ran on, so
      // the most it can say is the wall time once per CPU (a figure read in
      // the wrong unit would be a thousand times that).
      const { wallMs, cpuMs, throttled } = runUnder(
        fifth,
        `import { throttledMs } from ${coresModule};
const cpu = () => { const { user, system } = process.cpuUsage(); return (user + system) / 1000; };
const before = throttledMs();
const start = performance.now();
const cpuStart = cpu();
while (cpu() - cpuStart < 150) {}
process.stdout.write(JSON.stringify({ wallMs: performance.now() - start, cpuMs: cpu() - cpuStart, throttled: throttledMs() - before }));`,
      ) as { wallMs: number; cpuMs: number; throttled: number };
      const figures = `stopped ${Math.round(throttled)} ms of ${Math.round(wallMs)} ms, computing ${Math.round(cpuMs)} ms`;
      expect(throttled, figures).toBeGreaterThan(cpuMs);
      expect(throttled, figures).toBeLessThanOrEqual(wallMs * availableParallelism());
    },
  );
});

describe('startHeartbeat under a quota', () => {
  const fifth: MachineConstraint = { kind: 'quota', cpus: 0.2 };
  const heartbeatModule = JSON.stringify(new URL('../src/heartbeat.ts', import.meta.url).href);
  /** The heartbeat's report while the main thread computes in slices of `sliceMs` of CPU, yielding between them. */
  const heartbeatUnder = (sliceMs: number) =>
    runUnder(
      fifth,
      `import { startHeartbeat } from ${heartbeatModule};
const cpu = () => { const { user, system } = process.cpuUsage(); return (user + system) / 1000; };
const watch = async (ms) => {
  const heartbeat = startHeartbeat(5);
  const end = performance.now() + ms;
  while (performance.now() < end) {
    const sliceEnd = cpu() + ${sliceMs};
    while (cpu() < sliceEnd) {}
    await new Promise((resolve) => setImmediate(resolve));
  }
  return heartbeat.stop();
};
await watch(300); // a fresh process's first moments hold gaps of its own start-up
process.stdout.write(JSON.stringify(await watch(1000)));`,
    ) as { longestGapMs: number; longestUnstoppedGapMs: number; stoppedMs: number };

  test.skipIf(whyNotAvailable(fifth) !== undefined)(
    'takes the stopped time out of each gap: short slices stay short, a long block stays long',
    () => {
      // At 0.2 CPUs the kernel stops the process for most of every 100 ms
      // period, so even 5 ms slices leave gaps far longer than 5 ms; once the
      // stopped time is out, they are short again. A 300 ms block is a gap
      // of 300 ms of running whatever the quota.
      const polite = heartbeatUnder(5);
      const politeFigures = JSON.stringify(polite);
      expect(polite.longestGapMs, politeFigures).toBeGreaterThan(40);
      expect(polite.longestUnstoppedGapMs, politeFigures).toBeLessThan(40);
      expect(polite.stoppedMs, politeFigures).toBeGreaterThan(300);
      const blocking = heartbeatUnder(150);
      expect(blocking.longestUnstoppedGapMs, JSON.stringify(blocking)).toBeGreaterThan(
        150 / availableParallelism(),
      );
    },
    30_000,
  );

  test('with no quota, the unstopped gap is the gap', async () => {
    const heartbeat = startHeartbeat(2);
    const end = performance.now() + 30;
    let spins = 0;
    while (performance.now() < end) spins += 1;
    expect(spins).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 10));
    const report = heartbeat.stop();
    if (cpuQuota() === undefined) expect(report.longestUnstoppedGapMs).toBe(report.longestGapMs);
    expect(report.longestGapMs).toBeGreaterThanOrEqual(29);
  });
});

test('withReportedCores: the code under test is told the count, by either import, and the kit is not', async () => {
  const real = availableParallelism();
  const kit = effectiveCores().logical;
  const told = await withReportedCores(real + 5, async () => {
    await Promise.resolve();
    return {
      named: availableParallelism(),
      viaDefault: os.availableParallelism(),
      kit: effectiveCores().logical,
    };
  });
  expect(told).toEqual({ named: real + 5, viaDefault: real + 5, kit });
  expect([availableParallelism(), os.availableParallelism()]).toEqual([real, real]);
  await expect(
    withReportedCores(3, () => {
      throw new Error('the call failed');
    }),
  ).rejects.toThrow('the call failed');
  expect(availableParallelism(), 'put back after a failure too').toBe(real);
});
