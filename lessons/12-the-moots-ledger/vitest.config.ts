import { lessonConfig } from '@spellbook/test-kit/preset';

// The exercise uses Tinypool: its imports get the test kit's spy.
export default lessonConfig(import.meta.dirname, { tinypoolSpy: true });
