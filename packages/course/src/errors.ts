/**
 * The one error type the companion reports as the student's mistake rather
 * than its own: a bad argument, an unknown lesson, a course it cannot read.
 *
 * @module
 */

/** Bad usage or input: reported in one line, exit status 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}
