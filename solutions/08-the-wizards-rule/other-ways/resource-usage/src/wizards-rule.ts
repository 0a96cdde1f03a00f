// Correct, another way: CPU time from process.resourceUsage() (user and
// system, in microseconds) and the wall clock from process.hrtime.bigint().
export { chooseSpell, type Profile } from '../../../src/wizards-rule.ts';
import type { Profile } from '../../../src/wizards-rule.ts';

const cpuMicros = (): number => {
  const usage = process.resourceUsage();
  return usage.userCPUTime + usage.systemCPUTime;
};

export async function profile(task: () => unknown): Promise<Profile> {
  const wallStart = process.hrtime.bigint();
  const cpuStart = cpuMicros();
  await task();
  const cpuMs = (cpuMicros() - cpuStart) / 1000;
  const wallMs = Number(process.hrtime.bigint() - wallStart) / 1e6;
  return { wallMs, cpuMs, cpuShare: wallMs > 0 ? cpuMs / wallMs : 0 };
}
