/**
 * Everything the companion prints, as lines of text. The commands and the
 * watch screen put these together; nothing here reads or writes files.
 *
 * @module
 */
import path from 'node:path';
import type { Lesson } from '@spellbook/catalog';
import pc from 'picocolors';
import type { Verdict } from './check.ts';
import { shown, type Course } from './course.ts';
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

/** What a check of `lesson` found, with the first failure's message when it failed. */
export function renderVerdict(lesson: Lesson, verdict: Verdict, maxMessageLines = 15): string[] {
  switch (verdict.kind) {
    case 'passed': {
      const skipped = verdict.skipped > 0 ? ` (${verdict.skipped} skipped)` : '';
      const all = verdict.passed === 1 ? 'The test passes' : `All ${verdict.passed} tests pass`;
      return [pc.green(`✓ ${all}${skipped}: ${label(lesson)} is done.`)];
    }
    case 'unconfirmed':
      return [
        pc.yellow('◐ Not yet confirmed – run again on a quiet machine.'),
        `  ${testsPass(verdict.passed)}, but the machine was too busy for these timing tests to measure:`,
        ...verdict.inconclusive.map(
          ({ name, reason }) => `    - ${name} (${reason.replace(/^inconclusive:\s*/, '')})`,
        ),
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
