// Wrong on purpose: "CPU time" read from the wall clock, so every task looks
// as if it had thought all the time.
export { chooseSpell, type Profile } from '../../../src/wizards-rule.ts';
import type { Profile } from '../../../src/wizards-rule.ts';

export async function profile(task: () => unknown): Promise<Profile> {
  const start = performance.now();
  await task();
  const wallMs = performance.now() - start;
  return { wallMs, cpuMs: wallMs, cpuShare: 1 };
}
