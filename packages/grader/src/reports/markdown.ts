/**
 * A Markdown summary: a table per class or submission. For a single
 * submission, how long each lesson took, the tests that did not pass and what
 * the timing tests measured on the grading machine; for a class, every speed
 * test's speed-up beside the test kit's and the bar, marking those near it.
 * Fits a GitHub step summary.
 *
 * @module
 */
import { SPEED } from '@spellbook/test-kit/policy';
import { lessonState, NO_VERDICT_WORDS, type SubmissionReport } from '../model.ts';

/**
 * Text from a submission (test names, messages, ids) as plain Markdown
 * text on one line, with every character that Markdown or HTML would read as
 * markup backslash-escaped, so a message holding `<details>`, `**`, a link or
 * a `|` shows as written and cannot break a table row. Colour codes never
 * reach here: the catalog's plainText drops them where a run is read.
 */
export function cell(text: string): string {
  const line = text.replace(/\s*\n\s*/g, ' ');
  const short = line.length > CELL_MAX ? `${line.slice(0, CELL_MAX)}…` : line;
  return short.replace(/[\\`*_[\]<>|~&!#]/g, (character) => `\\${character}`);
}

/** The most characters of one piece of submitted text a line shows: a message can be megabytes on one line. */
export const CELL_MAX = 500;

/**
 * GitHub's limit for one step's summary (`$GITHUB_STEP_SUMMARY`), in bytes:
 * above it the summary is not shown at all.
 */
export const STEP_SUMMARY_LIMIT = 1024 * 1024;

/**
 * `head` and as many of the `details` lines as fit under
 * {@link STEP_SUMMARY_LIMIT}, with a line saying how many were left out and
 * where to find them, as the report's text.
 */
function fitted(head: readonly string[], details: readonly string[]): string {
  const bytes = (line: string): number => Buffer.byteLength(line, 'utf8') + 1;
  // Room for the line that says what was left out.
  let used = head.reduce((total, line) => total + bytes(line), 0) + 300;
  let kept = 0;
  while (kept < details.length && used + bytes(details[kept] as string) <= STEP_SUMMARY_LIMIT) {
    used += bytes(details[kept] as string);
    kept += 1;
  }
  const left = details.length - kept;
  const note =
    left > 0
      ? [
          '',
          `_${left} more line(s) left out, to keep this summary under GitHub's 1 MiB limit for a step summary: the JSON report has them all._`,
        ]
      : [];
  return `${[...head, ...details.slice(0, kept), ...note].join('\n')}\n`;
}
const points = (score: number, max: number): string => `${+score.toFixed(2)} / ${+max.toFixed(2)}`;

/** How close to its bar a speed-up counts as "near": within this share of the bar (the kit's policy). */
export const NEAR_THE_BAR = SPEED.nearTheBar;

/**
 * The speed tests of a class, one row per test that judged a speed-up: the
 * speed-up measured, the test kit's own on the same machine, the bar, the
 * cores the grading process could use, and whether it was near the bar
 * (where a regrade on another machine could decide otherwise).
 */
function speedRows(reports: readonly SubmissionReport[]): string[] {
  const rows = reports.flatMap((report) =>
    report.lessons.flatMap((lesson) =>
      lesson.tests.flatMap((test) =>
        (test.measurements ?? []).flatMap((measurement) => {
          const speedup = measurement.figures.find(
            (figure) => figure.name === 'speedup' && figure.bar !== undefined,
          );
          if (!speedup || speedup.bar === undefined) return [];
          const cores = measurement.figures.find((figure) => figure.name === 'effectiveCores')?.value;
          const near = Math.abs(speedup.value - speedup.bar) <= NEAR_THE_BAR * speedup.bar;
          const times = (value: number | undefined): string =>
            value === undefined ? '–' : `${value.toFixed(2)}×`;
          return [
            `| ${cell(report.id)} | ${lesson.id.slice(0, 2)} | ${cell(test.name)} | ${test.status} | ${times(speedup.value)} | ${times(speedup.reference)} | ${times(speedup.bar)} | ${cores ?? '–'} | ${near ? 'near' : ''} |`,
          ];
        }),
      ),
    ),
  );
  if (rows.length === 0) return [];
  return [
    '',
    '## Speed tests',
    '',
    `The speed-up each speed test measured, the test kit's own copies on the same machine in the same run, the bar it was held to, and the cores the grading process could use. "near": within ${NEAR_THE_BAR * 100} % of the bar, where grading again on another machine could decide otherwise.`,
    '',
    '| student | lesson | test | status | speed-up | kit | bar | cores | |',
    '| --- | --- | --- | --- | ---: | ---: | ---: | ---: | --- |',
    ...rows,
  ];
}

/** The grading machine's line, or one item per shard's machine, then a blank line. */
function machineLines(machine: string | undefined): string[] {
  if (machine === undefined) return [];
  const each = machine.split('\n');
  return each.length === 1
    ? [`Grading machine: ${cell(machine)}`, '']
    : ['Grading machines:', '', ...each.map((line) => `- ${cell(line)}`), ''];
}

/** The Markdown text of the report. */
export function markdownReport(
  reports: readonly SubmissionReport[],
  asClass: boolean,
  machine?: string,
): string {
  const lines = ['# The Concurrency Spellbook — grades', '', ...machineLines(machine)];
  if (asClass) {
    const lessonIds = reports[0]?.lessons.map((lesson) => lesson.id) ?? [];
    lines.push(`| student | ${lessonIds.map((id) => id.slice(0, 2)).join(' | ')} | total |`);
    lines.push(`| --- | ${lessonIds.map(() => '---:').join(' | ')} | ---: |`);
    for (const report of reports) {
      const scores = report.lessons.map((lesson) =>
        lesson.needsRegrading ? 'regrade' : `${+lesson.score.toFixed(2)}`,
      );
      lines.push(`| ${cell(report.id)} | ${scores.join(' | ')} | ${points(report.score, report.maxScore)} |`);
    }
    const deferred = reports.reduce(
      (count, report) => count + report.lessons.filter((lesson) => lesson.needsRegrading).length,
      0,
    );
    if (deferred > 0) {
      lines.push(
        '',
        `**regrade** (${deferred}): a timing test gave no verdict on the grading machine, so the lesson earns nothing until it is graded again on a machine that can judge it (\`--inconclusive defer\`).`,
      );
    }
    // The class table always; the speed rows as far as they fit.
    return fitted(lines, speedRows(reports));
  }
  const [report] = reports;
  if (!report) return `${lines.join('\n')}\n`;
  lines.push(
    `**Total: ${points(report.score, report.maxScore)}**`,
    '',
    '| lesson | score | status | time |',
    '| --- | ---: | --- | ---: |',
  );
  for (const lesson of report.lessons) {
    const time = lesson.durationMs !== undefined ? `${(lesson.durationMs / 1000).toFixed(1)} s` : '–';
    lines.push(
      `| ${lesson.id} | ${points(lesson.score, lesson.maxScore)} | ${lessonState(lesson)} | ${time} |`,
    );
  }
  // The score table always; what follows as far as it fits.
  const head = lines.splice(0);
  // An instructor's hidden tests are counted, never named: this summary may reach the student.
  const notPassed = report.lessons.flatMap((lesson) =>
    lesson.tests
      .filter((test) => test.status !== 'passed' && !test.hidden)
      .map((test) => ({ lesson: lesson.id, test, policy: lesson.inconclusivePolicy })),
  );
  const hiddenNotPassed = report.lessons.flatMap((lesson) => {
    const count = lesson.tests.filter((test) => test.status !== 'passed' && test.hidden).length;
    return count > 0 ? [{ lesson: lesson.id, count }] : [];
  });
  if (notPassed.length > 0 || hiddenNotPassed.length > 0) {
    lines.push('', '## Not passed', '');
    for (const { lesson, test, policy } of notPassed) {
      const state =
        test.status === 'skipped' && policy
          ? `no verdict on this machine: ${NO_VERDICT_WORDS[policy]}`
          : test.status;
      lines.push(
        `- **${lesson}** — ${cell(test.name)} (${state}): ${cell((test.message ?? '').split('\n')[0] ?? '')}`,
      );
    }
    for (const { lesson, count } of hiddenNotPassed) {
      lines.push(`- **${lesson}** — ${count} of the instructor's hidden tests did not pass`);
    }
  }
  // An instructor's hidden tests say nothing here, measured or not.
  const measured = report.lessons.flatMap((lesson) =>
    lesson.tests
      .filter((test) => !test.hidden)
      .flatMap((test) =>
        (test.measurements ?? []).map((measurement) => ({ lesson: lesson.id, measurement })),
      ),
  );
  if (measured.length > 0) {
    lines.push('', '## What the timing tests measured', '');
    for (const { lesson, measurement } of measured) lines.push(`- **${lesson}** — ${cell(measurement.text)}`);
  }
  const warnings = report.lessons.flatMap((lesson) =>
    (lesson.warnings ?? []).map((warning) => `${lesson.id}: ${warning}`),
  );
  if (warnings.length > 0) {
    lines.push('', '## Warnings', '', ...warnings.map((warning) => `- ${cell(warning)}`));
  }
  return fitted(head, lines);
}
