import { lessonConfig } from '@spellbook/test-kit/preset';

// The exercise fetches from worker threads: give every thread the relay to the tests' mocked
// scroll. It uses Tinypool: its imports get the test kit's spy.
export default lessonConfig(import.meta.dirname, { scrollInWorkers: true, tinypoolSpy: true });
