/**
 * Gradescope's `results.json` for one submission, in the fields of
 * Gradescope's autograder specification: the score and the run's
 * `execution_time`, then one entry per test with its points, status, output
 * and visibility (an instructor's hidden tests stay hidden from the student
 * until grades are published). Tests are numbered `<chapter>.<n>`, which
 * Gradescope uses to group them by lesson.
 *
 * Every text is plain (`output_format`, `test_output_format` and
 * `test_name_format` are `text`, so nothing is read as HTML) and has its
 * colour codes removed. Every test has an explicit `status`: Gradescope shows
 * a test without one, worth 0 of 0, as passed. A timing test that gave no
 * verdict on the grading machine is "failed" (it was not passed) and its
 * output says so and what the run's `--inconclusive` policy made of it: the
 * lesson needs regrading (`defer`, every test of the lesson at 0 until then),
 * its points went to the lesson's other tests (`redistribute`), or it scored 0
 * (`zero`). What a timing test measured follows its output, in words,
 * and is kept as data in the test's `extra_data`. The spec has no field for
 * the submission's maximum; it is in the top-level `extra_data`. With
 * `--leaderboard`, the top-level `leaderboard` ranks each speed test's
 * speed-up against the kit's own in the same run ({@link leaderboardOf}).
 *
 * @module
 */
import type { SubmissionReport } from '../model.ts';
import { testOutput } from './test-output.ts';

/** What {@link gradescopeReport} may add besides the results. */
export interface GradescopeOptions {
  /** The grading machine's line (machine.ts), shown in the top `output`. */
  readonly machine?: string;
  /** Add the speed leaderboard (`--leaderboard`). */
  readonly leaderboard?: boolean;
}

/**
 * Gradescope's leaderboard: one column per speed test that gave a verdict,
 * the student's speed-up divided by the test kit's own copies' measured on
 * the same machine in the same run. A raw speed-up ranks the grading
 * machines (a submission graded beside a busy neighbour, or on fewer cores,
 * looks slow); the ratio to the kit's reference ranks the code. A test with
 * no verdict has no entry.
 */
export function leaderboardOf(report: SubmissionReport): { name: string; value: number; order: 'desc' }[] {
  return report.lessons.flatMap((lesson) =>
    lesson.tests.flatMap((test) => {
      if (test.hidden || test.status === 'skipped') return [];
      const speedup = test.measurements
        ?.flatMap((measurement) => measurement.figures)
        .find((figure) => figure.name === 'speedup' && (figure.reference ?? 0) > 0);
      if (!speedup?.reference) return [];
      return [
        {
          name: `${lesson.id.slice(0, 2)}: ${test.name} (÷ the kit's)`,
          value: Math.round((speedup.value / speedup.reference) * 1000) / 1000,
          order: 'desc' as const,
        },
      ];
    }),
  );
}

/** The Gradescope results.json text for one submission. */
export function gradescopeReport(
  report: SubmissionReport,
  { machine, leaderboard = false }: GradescopeOptions = {},
): string {
  const tests = report.lessons.flatMap((lesson) => {
    const chapter = Number.parseInt(lesson.id, 10);
    return lesson.tests.map((test, index) => ({
      name: `${lesson.id}: ${test.name}`,
      name_format: 'text',
      ...(Number.isFinite(chapter) ? { number: `${chapter}.${index + 1}` } : {}),
      score: test.score,
      max_score: test.maxScore,
      status: test.status === 'passed' ? 'passed' : 'failed',
      output: testOutput(test, lesson),
      output_format: 'text',
      visibility: test.hidden ? 'after_published' : 'visible',
      tags: [lesson.id, ...(test.status === 'skipped' ? ['inconclusive'] : [])],
      ...(test.measurements || test.durationMs !== undefined
        ? {
            extra_data: {
              ...(test.durationMs !== undefined ? { durationMs: test.durationMs } : {}),
              ...(test.measurements ? { measurements: test.measurements } : {}),
            },
          }
        : {}),
    }));
  });
  const warnings = report.lessons.flatMap((lesson) =>
    (lesson.warnings ?? []).map((warning) => `${lesson.id}: ${warning}`),
  );
  const inconclusive = report.lessons.reduce(
    (count, lesson) => count + lesson.tests.filter((test) => test.status === 'skipped').length,
    0,
  );
  const deferred = report.lessons.filter((lesson) => lesson.needsRegrading).map((lesson) => lesson.id);
  const summary = [
    `Graded ${report.lessons.length} lesson(s): ${report.score} of ${report.maxScore} points.`,
    ...(deferred.length > 0
      ? [
          `Needs regrading: ${deferred.join(', ')}. A timing test gave no verdict on the grading machine, so these lessons earn no points until they are graded on a machine that can judge them.`,
        ]
      : inconclusive > 0
        ? [`${inconclusive} timing test(s) gave no verdict on the grading machine (see each test's output).`]
        : []),
    ...warnings,
    ...(machine !== undefined ? [`Grading machine: ${machine}`] : []),
  ];
  const executionMs = report.lessons.reduce((sum, lesson) => sum + (lesson.durationMs ?? 0), 0);
  return `${JSON.stringify(
    {
      score: report.score,
      execution_time: Math.round(executionMs / 1000),
      output: summary.join('\n'),
      output_format: 'text',
      test_output_format: 'text',
      test_name_format: 'text',
      visibility: 'visible',
      stdout_visibility: 'hidden',
      extra_data: { maxScore: report.maxScore },
      tests,
      ...(leaderboard ? { leaderboard: leaderboardOf(report) } : {}),
    },
    null,
    2,
  )}\n`;
}
