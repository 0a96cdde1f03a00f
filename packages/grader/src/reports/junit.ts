/**
 * The JUnit XML report: one `<testsuite>` per submission and lesson, one
 * `<testcase>` per test, so CI systems and LMS importers that read JUnit show
 * each test. Written directly: the format is a handful of elements, and its
 * only subtlety, escaping, is below.
 *
 * @module
 */
import type { SubmissionReport } from '../model.ts';

/** Escapes text for XML, dropping characters XML 1.0 cannot carry at all. */
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

/** The JUnit XML text of the report. */
export function junitReport(reports: readonly SubmissionReport[]): string {
  const suites: string[] = [];
  let tests = 0;
  let failures = 0;
  let skipped = 0;
  for (const submission of reports) {
    for (const lesson of submission.lessons) {
      const cases = lesson.tests.map((test) => {
        const name = xmlEscape(test.name);
        const classname = xmlEscape(`${submission.id}.${lesson.id}`);
        const open = `    <testcase classname="${classname}" name="${name}">`;
        if (test.status === 'failed') {
          const message = xmlEscape((test.message ?? 'failed').split('\n')[0] ?? 'failed');
          return `${open}\n      <failure message="${message}">${xmlEscape(test.message ?? '')}</failure>\n    </testcase>`;
        }
        if (test.status === 'skipped') {
          return `${open}\n      <skipped message="${xmlEscape(test.message ?? 'skipped')}"/>\n    </testcase>`;
        }
        return `${open}</testcase>`;
      });
      const lessonFailures = lesson.tests.filter((test) => test.status === 'failed').length;
      const lessonSkipped = lesson.tests.filter((test) => test.status === 'skipped').length;
      tests += lesson.tests.length;
      failures += lessonFailures;
      skipped += lessonSkipped;
      suites.push(
        `  <testsuite name="${xmlEscape(`${submission.id}/${lesson.id}`)}" tests="${lesson.tests.length}" failures="${lessonFailures}" errors="0" skipped="${lessonSkipped}">\n` +
          `    <properties>\n      <property name="score" value="${lesson.score}"/>\n      <property name="maxScore" value="${lesson.maxScore}"/>\n      <property name="status" value="${lesson.status}"/>\n    </properties>\n` +
          `${cases.join('\n')}\n  </testsuite>`,
      );
    }
  }
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<testsuites name="The Concurrency Spellbook" tests="${tests}" failures="${failures}" errors="0" skipped="${skipped}">\n` +
    `${suites.join('\n')}\n</testsuites>\n`
  );
}
