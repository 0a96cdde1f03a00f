// Wrong on purpose: the rule draws its line at a share of 0.3, so a task that
// spends most of its time waiting but a third of it computing gets copies.
export { profile, type Profile } from '../../../src/wizards-rule.ts';
import type { Profile } from '../../../src/wizards-rule.ts';

export function chooseSpell(p: Profile): 'messengers' | 'copies' {
  return p.cpuShare > 0.3 ? 'copies' : 'messengers';
}
