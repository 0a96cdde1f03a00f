// Wrong on purpose: it times the task, but guesses its CPU time from the
// task's source text: a task that mentions fetch is taken to be waiting, any
// other to be computing the whole time.
export { chooseSpell, type Profile } from '../../../src/wizards-rule.ts';
import type { Profile } from '../../../src/wizards-rule.ts';

export async function profile(task: () => unknown): Promise<Profile> {
  const source = String(task);
  const start = performance.now();
  await task();
  const wallMs = performance.now() - start;
  const share = /fetch|await/.test(source) ? 0.05 : 1;
  return { wallMs, cpuMs: wallMs * share, cpuShare: share };
}
