/**
 * The JSON report: for one submission `{ score, maxScore, lessons }`, for a
 * class `{ submissions: [{ id, score, maxScore, lessons }] }`.
 *
 * @module
 */
import type { SubmissionReport } from '../model.ts';

/** The JSON text of the report. */
export function jsonReport(reports: readonly SubmissionReport[], asClass: boolean): string {
  const body = asClass
    ? { submissions: reports }
    : (() => {
        const [only] = reports;
        return { score: only?.score ?? 0, maxScore: only?.maxScore ?? 0, lessons: only?.lessons ?? [] };
      })();
  return `${JSON.stringify(body, null, 2)}\n`;
}
