/**
 * The JUnit XML report: one `<testsuite>` per submission and lesson, one
 * `<testcase>` per test, so CI systems and LMS importers that read JUnit show
 * each test. Written directly: the format is a handful of elements, and its
 * only subtleties, escaping and what the schema allows where, are below.
 *
 * It validates against the Jenkins JUnit schema (the grader's tests check it
 * with xmllint): no `skipped` count on `<testsuites>`, a skipped test's reason
 * as the text of `<skipped>` (the schema gives that element no attributes),
 * every attribute on one line. A test that gave no result of its own (a
 * timed-out, crashed or missing lesson) is an `<error>`, not a `<failure>`;
 * every suite and case has a `time` in seconds; a lesson's warnings are its
 * suite's `<system-err>`; colour codes are removed from every text.
 *
 * @module
 */
import {
  NO_VERDICT_WORDS,
  type InconclusivePolicy,
  type SubmissionReport,
  type TestReport,
} from '../model.ts';

/** Escapes text for XML, dropping the characters XML 1.0 cannot carry at all (the text is plain already: see plainText in the catalog). */
export function xmlEscape(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex -- these are exactly the characters XML forbids
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&apos;')
  );
}

/** An attribute value: one line (the first of `text`), escaped. */
function attribute(text: string): string {
  return xmlEscape(text.trim().split('\n')[0] ?? '');
}

/** Seconds, as JUnit writes them, from milliseconds (0 when unknown). */
function seconds(ms: number | undefined): string {
  return ((ms ?? 0) / 1000).toFixed(3);
}

function testcase(test: TestReport, classname: string, policy: InconclusivePolicy | undefined): string {
  const open = `    <testcase classname="${attribute(classname)}" name="${attribute(test.name)}" time="${seconds(test.durationMs)}">`;
  const message = test.message ?? test.status;
  if (test.status === 'skipped') {
    // No verdict on this machine: skipped, with the reason and what the policy made of it.
    const said = policy ? `${message}\n(${NO_VERDICT_WORDS[policy]}: --inconclusive ${policy})` : message;
    return `${open}\n      <skipped>${xmlEscape(said)}</skipped>\n    </testcase>`;
  }
  if (test.status === 'failed') {
    const element = test.noResult ? 'error' : 'failure';
    return `${open}\n      <${element} message="${attribute(message)}">${xmlEscape(message)}</${element}>\n    </testcase>`;
  }
  return `${open}</testcase>`;
}

/** The JUnit XML text of the report. */
export function junitReport(reports: readonly SubmissionReport[], machine?: string): string {
  const suites: string[] = [];
  const total = { tests: 0, failures: 0, errors: 0, ms: 0 };
  for (const submission of reports) {
    for (const lesson of submission.lessons) {
      const count = (keep: (test: TestReport) => boolean) => lesson.tests.filter(keep).length;
      const failures = count((test) => test.status === 'failed' && !test.noResult);
      const errors = count((test) => test.status === 'failed' && test.noResult === true);
      const skipped = count((test) => test.status === 'skipped');
      total.tests += lesson.tests.length;
      total.failures += failures;
      total.errors += errors;
      total.ms += lesson.durationMs ?? 0;
      const properties = [
        ['score', lesson.score],
        ['maxScore', lesson.maxScore],
        ['status', lesson.status],
        ...(lesson.needsRegrading ? [['needsRegrading', true]] : []),
        ...(lesson.inconclusivePolicy ? [['inconclusive', lesson.inconclusivePolicy]] : []),
        ...(machine !== undefined ? [['machine', machine]] : []),
      ].map(([name, value]) => `      <property name="${name}" value="${attribute(String(value))}"/>`);
      const warnings = (lesson.warnings ?? []).map((warning) => `warning: ${warning}`);
      suites.push(
        [
          `  <testsuite name="${attribute(`${submission.id}/${lesson.id}`)}" tests="${lesson.tests.length}" failures="${failures}" errors="${errors}" skipped="${skipped}" time="${seconds(lesson.durationMs)}">`,
          `    <properties>`,
          ...properties,
          `    </properties>`,
          ...lesson.tests.map((test) =>
            testcase(test, `${submission.id}.${lesson.id}`, lesson.inconclusivePolicy),
          ),
          ...(warnings.length > 0 ? [`    <system-err>${xmlEscape(warnings.join('\n'))}</system-err>`] : []),
          `  </testsuite>`,
        ].join('\n'),
      );
    }
  }
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<testsuites name="The Concurrency Spellbook" tests="${total.tests}" failures="${total.failures}" errors="${total.errors}" time="${seconds(total.ms)}">\n` +
    `${suites.join('\n')}\n</testsuites>\n`
  );
}
