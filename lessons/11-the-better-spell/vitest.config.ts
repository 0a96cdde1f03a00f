import { lessonConfig } from '@spellbook/test-kit/preset';

// The exercise uses Tinypool: its imports get the test kit's spy. The tests
// measure the sieve's memory: see measuresMemory.
export default lessonConfig(import.meta.dirname, { tinypoolSpy: true, measuresMemory: true });
