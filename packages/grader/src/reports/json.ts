/**
 * The JSON report: for one submission `{ score, maxScore, machine, lessons }`
 * (`machine`: the grading machine's limits in words, machine.ts), for a
 * class `{ schemaVersion, run, submissions: [{ id, score, maxScore, lessons }] }`,
 * where `run` says which grader, course commit, slice, roster and machines
 * made it (see class-run.ts; a class read from a gradebook has none).
 *
 * @module
 */
import type { ClassRun } from '../class-run.ts';
import type { SubmissionReport } from '../model.ts';

/**
 * The class report's shape, raised when it changes: 2 added `schemaVersion`
 * and `run`; a report without `schemaVersion` is of shape 1.
 */
export const CLASS_REPORT_SCHEMA = 2;

/**
 * The JSON text of the report; `run` is written into a class report when
 * given (its machines say their limits), `machine` into one submission's.
 */
export function jsonReport(
  reports: readonly SubmissionReport[],
  asClass: boolean,
  run?: ClassRun,
  machine?: string,
): string {
  const body = asClass
    ? { schemaVersion: CLASS_REPORT_SCHEMA, ...(run ? { run } : {}), submissions: reports }
    : (() => {
        const [only] = reports;
        return {
          score: only?.score ?? 0,
          maxScore: only?.maxScore ?? 0,
          ...(machine !== undefined ? { machine } : {}),
          lessons: only?.lessons ?? [],
        };
      })();
  return `${JSON.stringify(body, null, 2)}\n`;
}
