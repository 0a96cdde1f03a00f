// Set-up file the preset gives every lesson: the course's own matchers
// (matchers.ts) on vitest's expect.
import { expect } from 'vitest';
import { spellbookMatchers } from '../matchers.ts';

expect.extend(spellbookMatchers);
