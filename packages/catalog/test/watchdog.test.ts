import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { groupAlive, groupEnded, groupUsage, OOM_FIRST, watchProcessGroup } from '../src/watchdog.ts';

test.skipIf(process.platform === 'win32')(
  'groupEnded resolves once a killed process group has really gone',
  async () => {
    // A group of two: a shell that leads it and a Node process it started.
    const leader = spawn('/bin/sh', ['-c', `"${process.execPath}" -e "setInterval(() => {}, 1000)" & wait`], {
      detached: true,
      stdio: 'ignore',
    });
    const group = leader.pid ?? Number.NaN;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(groupAlive(group)).toBe(true);
    process.kill(-group, 'SIGKILL');
    await groupEnded(group);
    expect(groupAlive(group)).toBe(false);
  },
);

test('a group that never existed is not alive', () => {
  expect(groupAlive(2 ** 22 + 12_345)).toBe(false);
});

test.skipIf(process.platform !== 'linux')(
  "every process of a watched group is the out-of-memory killer's first choice, not the runner",
  async () => {
    // The shell leads the group and starts a Node process after the watch has begun.
    const leader = spawn(
      '/bin/sh',
      ['-c', `sleep 0.3; "${process.execPath}" -e "setInterval(() => {}, 1000)" & wait`],
      { detached: true, stdio: 'ignore' },
    );
    const group = leader.pid ?? Number.NaN;
    const watch = watchProcessGroup(group, { onExceeded: () => undefined, everyMs: 50 });
    try {
      await new Promise((resolve) => setTimeout(resolve, 900));
      const { pids } = groupUsage(group);
      expect(pids.length).toBe(2);
      for (const pid of pids) {
        expect(Number(readFileSync(`/proc/${pid}/oom_score_adj`, 'utf8')), `process ${pid}`).toBe(OOM_FIRST);
      }
      expect(Number(readFileSync('/proc/self/oom_score_adj', 'utf8'))).toBeLessThan(OOM_FIRST);
    } finally {
      watch.stop();
      process.kill(-group, 'SIGKILL');
      await groupEnded(group);
    }
  },
);
