/**
 * Reading back a class JSON report (`{ schemaVersion, run, submissions }`,
 * see json.ts) written by `grade --submissions … --json FILE`, checked field
 * by field so that `grade merge` refuses, with a one-line reason, anything
 * else. A report of shape 1 (no `schemaVersion`, no `run`) is still read.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { isRecord, UsageError } from '@spellbook/catalog';
import { problemOfRun, type ClassRun } from '../class-run.ts';
import { INCONCLUSIVE_POLICIES, type InconclusivePolicy, type SubmissionReport } from '../model.ts';
import { CLASS_REPORT_SCHEMA } from './json.ts';

const LESSON_STATUSES: ReadonlySet<string> = new Set(['passed', 'failed', 'error', 'timeout']);
const TEST_STATUSES: ReadonlySet<string> = new Set(['passed', 'failed', 'skipped']);

/** The first thing wrong with `value` as a class report, as a path and a reason; undefined when it is one. */
function problemOf(value: unknown): string | undefined {
  const isNumber = (item: unknown): boolean => typeof item === 'number' && Number.isFinite(item);
  if (!isRecord(value)) return 'not a JSON object';
  if (!Array.isArray(value['submissions'])) {
    return Array.isArray(value['lessons'])
      ? 'a one-submission report; merge takes class reports (grade --submissions … --json)'
      : 'no "submissions" list';
  }
  const schema = value['schemaVersion'];
  if (schema !== undefined && !(Number.isInteger(schema) && (schema as number) >= 1)) {
    return 'schemaVersion is not a whole number';
  }
  if (typeof schema === 'number' && schema > CLASS_REPORT_SCHEMA) {
    return `written by a newer grader (class report shape ${schema}; this grader reads up to ${CLASS_REPORT_SCHEMA})`;
  }
  if (value['run'] !== undefined) {
    const problem = problemOfRun(value['run']);
    if (problem) return problem;
  }
  const submissions: unknown[] = value['submissions'];
  for (const [s, submission] of submissions.entries()) {
    const at = `submissions[${s}]`;
    if (!isRecord(submission)) return `${at} is not an object`;
    if (typeof submission['id'] !== 'string' || submission['id'] === '') return `${at}.id is not a name`;
    if (!isNumber(submission['score']) || !isNumber(submission['maxScore'])) return `${at} has no score`;
    if (!Array.isArray(submission['lessons'])) return `${at}.lessons is not a list`;
    for (const [l, lesson] of (submission['lessons'] as unknown[]).entries()) {
      const lessonAt = `${at}.lessons[${l}]`;
      if (!isRecord(lesson) || typeof lesson['id'] !== 'string') return `${lessonAt} is not a lesson`;
      if (!isNumber(lesson['score']) || !isNumber(lesson['maxScore'])) return `${lessonAt} has no score`;
      if (!LESSON_STATUSES.has(lesson['status'] as string)) {
        return `${lessonAt}.status is not a lesson status`;
      }
      if (lesson['needsRegrading'] !== undefined && lesson['needsRegrading'] !== true) {
        return `${lessonAt}.needsRegrading is not true`;
      }
      if (
        lesson['inconclusivePolicy'] !== undefined &&
        !INCONCLUSIVE_POLICIES.includes(lesson['inconclusivePolicy'] as InconclusivePolicy)
      ) {
        return `${lessonAt}.inconclusivePolicy is not one of ${INCONCLUSIVE_POLICIES.join(', ')}`;
      }
      if (!Array.isArray(lesson['tests'])) return `${lessonAt}.tests is not a list`;
      for (const [t, test] of (lesson['tests'] as unknown[]).entries()) {
        const ok =
          isRecord(test) &&
          typeof test['name'] === 'string' &&
          TEST_STATUSES.has(test['status'] as string) &&
          isNumber(test['score']) &&
          isNumber(test['maxScore']);
        if (!ok) return `${lessonAt}.tests[${t}] is not a test result`;
      }
    }
  }
  return undefined;
}

/** A class report as read back: its submissions, and where it came from when it says so. */
export interface ClassReport {
  readonly submissions: SubmissionReport[];
  /** Absent in a report of shape 1, and in one read from a gradebook (grade export). */
  readonly run?: ClassRun;
}

/** The class report in `file`; a UsageError when it cannot be read or is not one. */
export function readClassReport(file: string): ClassReport {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder' : `cannot be read (${code})`;
    throw new UsageError(`${file}: ${reason}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageError(
      `${file}: not a class report (not JSON: ${(error as Error).message.split('\n')[0]})`,
    );
  }
  const problem = problemOf(value);
  if (problem) throw new UsageError(`${file}: not a class report (${problem})`);
  // Checked above; the types follow the shape.
  const { submissions, run } = value as { submissions: SubmissionReport[]; run?: ClassRun };
  return { submissions, ...(run ? { run } : {}) };
}
