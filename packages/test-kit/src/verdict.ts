/**
 * "Inconclusive": the verdict a timing test gives when the machine, not the
 * code, decided the measurement. The test is skipped with the reason, and the
 * reason is also stored in the test's metadata (`meta.inconclusive`), which
 * vitest's JSON report carries, so the course's tools can tell an
 * inconclusive skip from any other and run the test again.
 *
 * @module
 */
import type { TestContext } from 'vitest';

declare module 'vitest' {
  interface TaskMeta {
    /** Set when a timing test could not give a verdict; the text says why. */
    inconclusive?: string;
  }
}

/** Ends the current test as inconclusive, with `reason` shown to the reader. */
export function inconclusive(context: TestContext, reason: string): never {
  const note = `inconclusive: ${reason}`;
  context.task.meta.inconclusive = note;
  return context.skip(note);
}
