// Wrong on purpose: the rule the wrong way round, copies for waiting and
// messengers for thinking.
export { profile, type Profile } from '../../../src/wizards-rule.ts';
import type { Profile } from '../../../src/wizards-rule.ts';

export function chooseSpell(p: Profile): 'messengers' | 'copies' {
  return p.cpuShare > 0.5 ? 'messengers' : 'copies';
}
