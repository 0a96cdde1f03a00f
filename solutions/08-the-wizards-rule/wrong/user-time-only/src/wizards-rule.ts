// Wrong on purpose: CPU time is the user time alone, so the kernel's work on
// the task's behalf (system time) is left out.
export { chooseSpell, type Profile } from '../../../src/wizards-rule.ts';
import type { Profile } from '../../../src/wizards-rule.ts';

export async function profile(task: () => unknown): Promise<Profile> {
  const wallStart = performance.now();
  const cpuStart = process.cpuUsage();
  await task();
  const cpu = process.cpuUsage(cpuStart);
  const wallMs = performance.now() - wallStart;
  const cpuMs = cpu.user / 1000;
  return { wallMs, cpuMs, cpuShare: wallMs > 0 ? cpuMs / wallMs : 0 };
}
