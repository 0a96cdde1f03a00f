/**
 * Everything the companion prints, as lines of text. The commands and the
 * watch screen put these together; nothing here reads or writes files.
 *
 * @module
 */
import path from 'node:path';
import { measurementPanel, type Lesson, type MeasuredTest } from '@spellbook/catalog';
import pc from 'picocolors';
import type { Verdict } from './check.ts';
import { shown, type Course } from './course.ts';
import { describeMachine, type Notebook } from './notebook.ts';
import type { Progress } from './progress.ts';
import { currentLesson, lessonStates, type LessonState } from './state.ts';

/** `01 Counting Stars`: how a lesson is named in every message. */
export function label(lesson: Lesson): string {
  return `${lesson.code} ${lesson.meta.title}`;
}

/** `3 tests`, `1 test`. */
export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** `1 test passes`, `3 tests pass`. */
function testsPass(count: number): string {
  return `${plural(count, 'test')} ${count === 1 ? 'passes' : 'pass'}`;
}

/** A bar of `width` cells, filled in proportion to `done` of `total`, with the count beside it. */
export function progressBar(done: number, total: number, width = 30): string {
  const filled = total === 0 ? 0 : Math.round((done / total) * width);
  const percent = total === 0 ? 0 : Math.round((done / total) * 100);
  const bar = pc.green('█'.repeat(filled)) + pc.dim('░'.repeat(width - filled));
  return `[${bar}] ${done} of ${plural(total, 'lesson')} done (${percent}%)`;
}

const marks: Record<LessonState, string> = {
  done: pc.green('✓'),
  current: pc.cyan('▶'),
  'not started': pc.dim('·'),
};

const stateText: Record<LessonState, (text: string) => string> = {
  done: pc.green,
  current: (text) => pc.bold(pc.cyan(text)),
  'not started': pc.dim,
};

/** The lessons with their states and the hints revealed so far, then the progress bar. */
export function renderList(course: Course, progress: Progress): string[] {
  const rows = lessonStates(course, progress);
  const width = Math.max(...rows.map(({ lesson }) => lesson.meta.title.length));
  const lines = rows.map(({ lesson, state }) => {
    const revealed = progress.hints[lesson.id] ?? 0;
    const hints = revealed > 0 ? pc.dim(`  hints ${revealed}/${lesson.meta.hints.length}`) : '';
    const title = lesson.meta.title.padEnd(width);
    return `  ${marks[state]} ${lesson.code}  ${title}  ${stateText[state](state.padEnd(11))}${hints}`.trimEnd();
  });
  const done = rows.filter(({ state }) => state === 'done').length;
  return [...lines, '', `  ${progressBar(done, rows.length)}`];
}

/** What to do next, for the lesson list. */
export function renderNextStep(course: Course, progress: Progress): string[] {
  const lesson = currentLesson(course, progress);
  if (!lesson) {
    return [
      pc.green('Every lesson is done: the spellbook is yours.'),
      `Run ${pc.cyan('pnpm course verify')} to check them all again.`,
    ];
  }
  const started = Object.keys(progress.passed).length > 0 || progress.current !== undefined;
  return [
    `${started ? 'Next' : 'Start here'}: ${pc.bold(label(lesson))}: ${lesson.meta.summary}`,
    `  read    ${shown(path.join(lesson.dir, 'README.md'))}`,
    `  edit    ${shown(path.join(lesson.dir, lesson.meta.exercise.file))}`,
    `  run     ${pc.cyan('pnpm course watch')}   (its tests again on every save)`,
    `  stuck?  ${pc.cyan('pnpm course hint')}`,
  ];
}

/** At most `max` lines of `text`, saying how many were left out. */
function firstLines(text: string, max: number): string[] {
  const lines = text.split('\n');
  if (lines.length <= max) return lines;
  return [...lines.slice(0, max), pc.dim(`… ${plural(lines.length - max, 'more line')}`)];
}

/** One line for a lesson's verdict: `✓ 01 Counting Stars: 2 tests pass`. */
export function summarizeVerdict(lesson: Lesson, verdict: Verdict): string {
  switch (verdict.kind) {
    case 'passed':
      return pc.green(`✓ ${label(lesson)}: ${testsPass(verdict.passed)}`);
    case 'unconfirmed':
      return pc.yellow(`◐ ${label(lesson)}: not yet confirmed – run again on a quiet machine`);
    case 'failed': {
      const what =
        verdict.total === 0
          ? 'the tests could not run'
          : `${verdict.failing} of ${plural(verdict.total, 'test')} failing`;
      return pc.red(`✗ ${label(lesson)}: ${what}`);
    }
  }
}

/** A number as a guess or a measurement is shown: `618`, `1.9`, `0.42`. */
function figureText(value: number): string {
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  return value.toLocaleString('en', { maximumFractionDigits: digits });
}

/**
 * The student's guess beside what was measured: "You guessed 300 ms; you
 * measured 322 ms (1.07× your guess)." Undefined when the lesson asks for no
 * guess, none was given, or its test did not measure the figure.
 */
export function predictionLine(
  lesson: Lesson,
  measured: readonly MeasuredTest[] | undefined,
  guess: number | null | undefined,
): string | undefined {
  const asked = lesson.meta.prediction;
  if (!asked || guess === null || guess === undefined) return undefined;
  const test = measured?.find((candidate) => candidate.name === asked.test);
  const figure = test?.measurements
    ?.flatMap((measurement) => measurement.figures)
    .find((candidate) => candidate.name === asked.figure);
  if (!figure) return undefined;
  const ratio = guess > 0 ? ` (${figureText(figure.value / guess)}× your guess)` : '';
  return `You guessed ${figureText(guess)} ${asked.unit}; you measured ${figureText(figure.value)} ${asked.unit}${ratio}.`;
}

/**
 * What the timing tests of a passing (or unconfirmed) check measured, with
 * a blank line before it; nothing when they measured nothing. `reference`
 * names the machine of the chapter's own tables; `guessed` is the line of
 * {@link predictionLine}, when there is one.
 */
export function renderMeasured(verdict: Verdict, reference?: string, guessed?: string): string[] {
  if (verdict.kind === 'failed' || !verdict.measured) return [];
  const [heading, ...lines] = measurementPanel(verdict.measured, reference);
  if (heading === undefined) return [];
  return [
    '',
    pc.bold(heading),
    ...lines.map((line) => pc.dim(line)),
    ...(guessed ? [pc.bold(`  ${guessed}`)] : []),
  ];
}

/**
 * What a check of `lesson` found: the first failure's message when it
 * failed; after a pass, what its timing tests measured (see
 * {@link renderMeasured}, with `reference`), and the student's `guess`
 * beside it.
 */
export function renderVerdict(
  lesson: Lesson,
  verdict: Verdict,
  maxMessageLines = 15,
  reference?: string,
  guess?: number | null,
): string[] {
  const guessed = predictionLine(lesson, verdict.kind === 'failed' ? undefined : verdict.measured, guess);
  switch (verdict.kind) {
    case 'passed': {
      const skipped = verdict.skipped > 0 ? ` (${verdict.skipped} skipped)` : '';
      const all = verdict.passed === 1 ? 'The test passes' : `All ${verdict.passed} tests pass`;
      return [
        pc.green(`✓ ${all}${skipped}: ${label(lesson)} is done.`),
        ...renderMeasured(verdict, reference, guessed),
      ];
    }
    case 'unconfirmed':
      return [
        pc.yellow('◐ Not yet confirmed – run again on a quiet machine.'),
        `  ${testsPass(verdict.passed)}, but the machine was too busy for these timing tests to measure:`,
        ...verdict.inconclusive.map(
          ({ name, reason }) => `    - ${name} (${reason.replace(/^inconclusive:\s*/, '')})`,
        ),
        ...renderMeasured(verdict, reference, guessed),
      ];
    case 'failed': {
      const headline =
        verdict.total === 0
          ? '✗ The tests could not run'
          : `✗ ${verdict.failing} of ${plural(verdict.total, 'test')} failing`;
      return [
        pc.red(headline),
        '',
        `  ${pc.bold(verdict.first.name)}`,
        ...firstLines(verdict.first.message, maxMessageLines).map((line) => `    ${line}`),
      ];
    }
  }
}

/**
 * The hints of `lesson` revealed so far, the newest last and marked. `again`
 * tells how to ask for the next one.
 */
export function renderHints(lesson: Lesson, revealed: number, fresh: boolean, again: string): string[] {
  const hints = lesson.meta.hints;
  const header = fresh
    ? `Hint ${revealed} of ${hints.length} for ${label(lesson)}`
    : `No more hints for ${label(lesson)}: you have seen all ${hints.length}`;
  const lines = hints.slice(0, revealed).map((hint, index) => {
    const line = `  ${index + 1}. ${hint}`;
    return index === revealed - 1 && fresh ? pc.bold(line) : pc.dim(line);
  });
  const left = hints.length - revealed;
  const footer =
    left > 0 ? `${plural(left, 'more hint')} left: ${again} for the next.` : 'That was the last hint.';
  return [
    pc.bold(header),
    '',
    ...lines,
    '',
    fresh ? footer : `Reread the chapter: ${shown(path.join(lesson.dir, 'README.md'))}.`,
  ];
}

/**
 * The notebook, lesson by lesson: when and on what each lesson's figures
 * were measured, what they were, and the student's guess beside them.
 */
export function renderNotebook(course: Course, notebook: Notebook, progress?: Progress): string[] {
  const pages = course.lessons.flatMap((lesson) => {
    const entry = notebook.lessons[lesson.id];
    if (!entry) return [];
    const guessed = predictionLine(lesson, entry.tests, progress?.predictions[lesson.id]);
    const when = new Date(entry.at).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
    return [
      pc.bold(label(lesson)),
      pc.dim(`  ${when} · ${describeMachine(entry.machine)}`),
      ...entry.tests.flatMap((test) => test.measurements.map((measurement) => `  • ${measurement.text}`)),
      ...(guessed ? [pc.bold(`  ${guessed}`)] : []),
      '',
    ];
  });
  if (pages.length === 0) {
    return [
      'Your notebook is empty: nothing has been measured yet.',
      `Pass a lesson with ${pc.cyan('pnpm course watch')} (or run ${pc.cyan('pnpm course verify')}); what its timing tests measure is kept here.`,
    ];
  }
  const measured = Object.keys(notebook.lessons).length;
  return [pc.bold('Your lab notebook') + pc.dim(` (${plural(measured, 'lesson')} measured)`), '', ...pages];
}
