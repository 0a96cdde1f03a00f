/**
 * `pnpm grade` — the grader's command line. Exit status: 0 when grading
 * completed (whatever the scores), 2 for bad usage or input (one line, no
 * stack trace), 1 when the grader itself failed.
 *
 * citty parses the arguments and renders `--help` from the same definition,
 * so the help text cannot drift from what is accepted.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { defineCommand, renderUsage, runCommand } from 'citty';
import { findCourseRoot, listLessons } from '@spellbook/catalog';
import { grade } from './grade.ts';
import {
  chooseLessons,
  resolveExtraTests,
  resolveSubmissions,
  UsageError,
  wholeNumberFlag,
} from './inputs.ts';
import { gradescopeReport } from './reports/gradescope.ts';
import { jsonReport } from './reports/json.ts';
import { junitReport } from './reports/junit.ts';
import { markdownReport } from './reports/markdown.ts';
import { progressLine, summaryTable } from './reports/terminal.ts';

const args = {
  solutions: {
    type: 'boolean',
    description: 'Grade the reference solutions (the course self-check; must score full marks)',
  },
  submission: {
    type: 'string',
    valueHint: 'DIR',
    description: "Grade one submission: a student's copy of the course, or its lessons/ folder",
  },
  submissions: {
    type: 'string',
    valueHint: 'DIR',
    description: 'Grade a class: every folder inside DIR is one submission, named by its student id',
  },
  lessons: {
    type: 'string',
    valueHint: '01,05',
    description: 'Grade only these lessons (numbers or folder names)',
  },
  jobs: {
    type: 'string',
    valueHint: 'N',
    description: 'Lessons graded at once (default 2); timing-sensitive lessons always run alone',
  },
  timeout: {
    type: 'string',
    valueHint: 'S',
    description: "Time limit per lesson in seconds, instead of each lesson's own",
  },
  'extra-tests': {
    type: 'string',
    valueHint: 'DIR',
    description: "Hidden tests, DIR/NN-slug/*.test.ts, run beside the course's own",
  },
  json: { type: 'string', valueHint: 'FILE', description: 'Write the JSON report to FILE' },
  junit: { type: 'string', valueHint: 'FILE', description: 'Write a JUnit XML report to FILE' },
  gradescope: {
    type: 'string',
    valueHint: 'FILE',
    description: "Write Gradescope's results.json to FILE (one submission)",
  },
  markdown: {
    type: 'string',
    valueHint: 'FILE',
    description: 'Write a Markdown summary to FILE (fits a GitHub step summary)',
  },
} as const;

const command = defineCommand({
  meta: {
    name: 'grade',
    description: 'Score the lessons of The Concurrency Spellbook for one student or a whole class.',
  },
  args,
  async run({ args: given }) {
    const courseRoot = findCourseRoot();
    const allLessons = listLessons(courseRoot);
    const lessons = chooseLessons(allLessons, given.lessons);
    const submissions = resolveSubmissions(courseRoot, given);
    const asClass = given.submissions !== undefined;
    if (given.gradescope && asClass) {
      throw new UsageError("--gradescope writes one submission's results; use it with --submission");
    }
    const jobs = wholeNumberFlag(given.jobs, '--jobs', 1, 2);
    const timeoutSeconds =
      given.timeout === undefined ? undefined : wholeNumberFlag(given.timeout, '--timeout', 1, 0);
    const extraTestsDir = resolveExtraTests(given['extra-tests'], allLessons);

    const started = performance.now();
    console.error(`grading ${submissions.length} submission(s) × ${lessons.length} lesson(s)…`);
    const reports = await grade({
      lessons,
      submissions,
      jobs,
      ...(timeoutSeconds !== undefined ? { timeoutSeconds } : {}),
      ...(extraTestsDir !== undefined ? { extraTestsDir } : {}),
      onLesson: (event) => console.error(progressLine(event)),
    });

    const write = (file: string | undefined, text: () => string): void => {
      if (file) writeFileSync(path.resolve(file), text());
    };
    write(given.json, () => jsonReport(reports, asClass));
    write(given.junit, () => junitReport(reports));
    write(given.markdown, () => markdownReport(reports, asClass));
    const [first] = reports;
    if (first) write(given.gradescope, () => gradescopeReport(first));

    console.log(summaryTable(reports));
    console.error(`graded in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  },
});

/** Flags given that the command does not know, e.g. a misspelt `--jsn`. */
function unknownFlags(rawArgs: readonly string[]): string[] {
  const known = new Set(Object.keys(args).flatMap((name) => [`--${name}`, `--no-${name}`]));
  known.add('--help').add('-h');
  return rawArgs.filter((arg) => arg.startsWith('-') && !known.has(arg.split('=')[0] ?? arg));
}

async function main(rawArgs: string[]): Promise<number> {
  if (rawArgs.includes('--help') || rawArgs.includes('-h')) {
    console.log(await renderUsage(command));
    return 0;
  }
  try {
    const unknown = unknownFlags(rawArgs);
    if (unknown.length > 0) throw new UsageError(`unknown option ${unknown.join(', ')} (see --help)`);
    const positional = rawArgs.filter(
      (arg, i) =>
        !arg.startsWith('-') &&
        !(
          rawArgs[i - 1]?.startsWith('--') &&
          !rawArgs[i - 1]?.includes('=') &&
          rawArgs[i - 1] !== '--solutions'
        ),
    );
    if (positional.length > 0) {
      throw new UsageError(`unexpected argument ${positional.join(' ')} (see --help)`);
    }
    await runCommand(command, { rawArgs });
    return 0;
  } catch (error) {
    if (error instanceof UsageError || (error as { name?: string }).name === 'CLIError') {
      console.error(`grade: ${(error as Error).message}`);
      return 2;
    }
    console.error(`grade: the grader failed: ${(error as Error).stack ?? String(error)}`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
