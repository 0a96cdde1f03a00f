/**
 * Failure messages in one shape, so every lesson speaks to the student the
 * same way: what was expected, what was seen, and what to try next.
 *
 * @module
 */
import { Resolved } from './timing.ts';

/** The parts of a failure message. */
export interface Explanation {
  /** What the test wanted, in the student's terms. */
  readonly expected: string;
  /** What actually happened. */
  readonly saw: string;
  /** A nudge towards the fix. */
  readonly tryThis?: string;
  /** Extra evidence, such as a request timeline; printed below the rest. */
  readonly detail?: string;
}

/**
 * Builds a failure message for `expect(value, message)`.
 *
 * @example
 * ```ts
 * expect(meter.peakInFlight, explain({
 *   expected: 'one request on the road at a time',
 *   saw: `${meter.peakInFlight} at once`,
 *   tryThis: 'await each fetch before starting the next',
 *   detail: meter.timeline(),
 * })).toBe(1);
 * ```
 */
export function explain({ expected, saw, tryThis, detail }: Explanation): string {
  const lines = [`expected ${expected}, saw ${saw}`];
  if (tryThis) lines.push(`try: ${tryThis}`);
  if (detail) lines.push('', detail);
  return lines.join('\n');
}

/** A short, readable description of any value, for the "saw …" part of a message. */
export function describe(value: unknown): string {
  if (value instanceof Resolved) return `no error: it resolved with ${describe(value.value)}`;
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return JSON.stringify(value);
  try {
    // JSON.stringify gives undefined for functions and symbols.
    return JSON.stringify(value) ?? typeof value;
  } catch {
    return Object.prototype.toString.call(value);
  }
}
