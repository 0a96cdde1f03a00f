import { spawn } from 'node:child_process';
import { expect, test } from 'vitest';
import { groupAlive, groupEnded } from '../src/watchdog.ts';

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
