import { lessonConfig } from '@spellbook/test-kit/preset';

export default lessonConfig(import.meta.dirname);
