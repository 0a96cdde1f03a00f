/**
 * `pnpm course watch`: one lesson on screen, its tests run again on every
 * save, and single keys for the rest (hint, next lesson, list, rerun, quit).
 *
 * The screen is drawn whole from the session's state after every change
 * (a run started or ended, a key), so what is shown never depends on what
 * was shown before.
 *
 * @module
 */
import path from 'node:path';
import { emitKeypressEvents } from 'node:readline';
import { referenceMachine, type Lesson } from '@spellbook/catalog';
import pc from 'picocolors';
import { checkLesson, recordVerdict, type Verdict } from './check.ts';
import { lessonAfter, shown, type Course } from './course.ts';
import { watchFolder, type FolderWatcher } from './file-watcher.ts';
import { revealNextHint } from './hints.ts';
import { readProgress, updateProgress } from './progress.ts';
import { label, renderHints, renderList, renderVerdict } from './render.ts';
import { isDone } from './state.ts';

/** Options for {@link watchLesson}. */
export interface WatchOptions {
  readonly course: Course;
  /** The lesson to start with. */
  readonly lesson: Lesson;
  /** Look for changes every half second instead of relying on file system notifications. */
  readonly poll: boolean;
  readonly input?: NodeJS.ReadStream;
  readonly output?: NodeJS.WriteStream;
}

const keysLine = 'h hint · n next lesson · l list · r rerun · q quit';
const clearScreen = '\x1b[H\x1b[2J\x1b[3J';
/** Ask the terminal to mark pasted text (`ESC [200~` … `ESC [201~`), and to stop again. */
const bracketedPasteOn = '\x1b[?2004h';
const bracketedPasteOff = '\x1b[?2004l';

/**
 * One key as Node's readline decodes it (`emitKeypressEvents`): the text it
 * types, if any, and its name. Home, F2 and the arrows arrive as one named
 * key each, never as the letters of their escape sequences.
 */
export interface Keypress {
  /** What the key types: `h`, `5`, `.`; undefined for Home, F2, arrows. */
  readonly text: string | undefined;
  /** readline's name: `h`, `return`, `backspace`, `home`, `f2`, `paste-start`… */
  readonly name: string | undefined;
  readonly ctrl: boolean;
  readonly meta: boolean;
}

/** True for a key that types one character on its own (no Ctrl or Alt). */
function typesText(key: Keypress): key is Keypress & { text: string } {
  return !key.ctrl && !key.meta && key.text !== undefined && key.text.length === 1 && key.text >= ' ';
}

/** Ctrl-C and Ctrl-D: always quit, pasted or not, guessing or not. */
function quits(key: Keypress): boolean {
  return key.ctrl && (key.name === 'c' || key.name === 'd');
}

class WatchSession {
  private lesson: Lesson;
  private verdict: Verdict | undefined;
  /** Stops the run going now, if one is: a newer run (a save, r, n) or q replaces it. */
  private current: AbortController | undefined;
  /** Lines shown under the verdict: a hint, the list, a note. Replaced by the next key. */
  private panel: string[] = [];
  private panelKind: 'hint' | 'list' | 'note' | undefined;
  private notice: string | undefined;
  private watcher: FolderWatcher | undefined;
  private closed = false;
  private readonly input: NodeJS.ReadStream;
  private readonly output: NodeJS.WriteStream;
  /** While the student types a guess before the lesson's first run (its `prediction`): what is typed so far. */
  private guessing: { typed: string; note?: string } | undefined;
  /** The student's guess for the lesson on screen, if it asks for one and they gave one. */
  private guess: number | null | undefined;
  /** Keys decoded from one read of the input, handled together once the read is decoded. */
  private batch: Keypress[] = [];
  /** Between the terminal's paste marks: what arrives is pasted text, not keys. */
  private pasting = false;
  private readonly onKeypress = (
    text: string | undefined,
    key: { name?: string; ctrl?: boolean; meta?: boolean } | undefined,
  ): void => {
    // readline emits every key of one read at once; handle them together
    // after it, so that a read of several letters is known for a paste.
    if (this.batch.length === 0) setImmediate(this.onBatch);
    this.batch.push({ text, name: key?.name, ctrl: key?.ctrl ?? false, meta: key?.meta ?? false });
  };
  private readonly onBatch = (): void => {
    const keys = this.batch;
    this.batch = [];
    // Typing gives one key per read; several letters in one read (and no
    // paste marks, which not every terminal sends) are pasted text.
    const pastedWithoutMarks = keys.filter(typesText).length > 1;
    let ignored = false;
    for (const key of keys) {
      if (this.closed) return;
      try {
        if (key.name === 'paste-start' || key.name === 'paste-end') {
          this.pasting = key.name === 'paste-start';
        } else if (this.guessing) {
          // A pasted number is a fine guess.
          this.type(key);
        } else if (quits(key) || !(this.pasting || pastedWithoutMarks)) {
          this.press(key);
        } else {
          ignored = true;
        }
      } catch (error) {
        // Say so and keep watching (say, a progress file edited into nonsense), rather than crash.
        this.show('note', [pc.red((error as Error).message)]);
      }
    }
    if (ignored && !this.closed) {
      this.show('note', ['Pasted text does nothing here: the keys work one at a time.']);
    }
  };
  private readonly onSignal = (): void => this.quit();
  private readonly onResize = (): void => this.draw();

  private readonly options: WatchOptions;
  /** Called once, when the student quits. */
  private readonly finished: () => void;

  constructor(options: WatchOptions, finished: () => void) {
    this.options = options;
    this.finished = finished;
    this.lesson = options.lesson;
    this.input = options.input ?? process.stdin;
    this.output = options.output ?? process.stdout;
  }

  start(): void {
    if (this.input.isTTY) this.input.setRawMode(true);
    emitKeypressEvents(this.input);
    this.input.on('keypress', this.onKeypress);
    this.input.resume();
    if (this.input.isTTY && this.output.isTTY) this.output.write(bracketedPasteOn);
    // With raw keys Ctrl-C arrives as a key; without (keys piped in), as a signal.
    process.once('SIGINT', this.onSignal);
    process.once('SIGTERM', this.onSignal);
    process.once('SIGHUP', this.onSignal);
    this.output.on('resize', this.onResize);
    this.open(this.lesson);
  }

  /**
   * Starts on `lesson`: remember it as current, ask for the student's guess
   * if the lesson wants one and none was asked for yet (only at a terminal,
   * where someone can answer), then watch its src/ and run its tests.
   */
  private open(lesson: Lesson): void {
    this.watcher?.close();
    this.watcher = undefined;
    this.lesson = lesson;
    this.verdict = undefined;
    const progress = updateProgress(this.options.course.root, (saved) => {
      saved.current = lesson.id;
    });
    this.guess = progress.predictions[lesson.id];
    if (lesson.meta.prediction && this.input.isTTY && !Object.hasOwn(progress.predictions, lesson.id)) {
      this.guessing = { typed: '' };
      this.draw();
      return;
    }
    this.begin();
  }

  /** Watches the lesson's src/ and runs its tests. */
  private begin(): void {
    const lesson = this.lesson;
    this.watcher = watchFolder(path.join(lesson.dir, 'src'), {
      poll: this.options.poll,
      onChange: () => void this.run(),
      onNotice: (message) => {
        this.notice = message;
        this.draw();
      },
    });
    void this.run();
  }

  /** True while a run of the tests is going. */
  private get running(): boolean {
    return this.current !== undefined;
  }

  /**
   * Runs the lesson's tests. A run still going is stopped first, through its
   * signal (its whole process group goes), and its verdict is never shown:
   * it tested code that has changed since, or another lesson.
   */
  private async run(): Promise<void> {
    if (this.closed) return;
    this.current?.abort();
    const controller = new AbortController();
    this.current = controller;
    const lesson = this.lesson;
    this.draw();
    let verdict: Verdict;
    try {
      verdict = await checkLesson(lesson, controller.signal);
    } catch (error) {
      verdict = {
        kind: 'failed',
        failing: 0,
        total: 0,
        first: { name: 'the companion could not run the tests', message: (error as Error).message },
      };
    }
    if (controller.signal.aborted || this.closed) return;
    this.current = undefined;
    this.verdict = verdict;
    try {
      recordVerdict(this.options.course.root, lesson, verdict);
    } catch (error) {
      this.notice = `could not record the result: ${(error as Error).message}`;
    }
    this.draw();
  }

  /** A key while the student types a guess: digits and a point, Backspace, Enter to answer (alone: skip). */
  private type(key: Keypress): void {
    const guessing = this.guessing;
    if (!guessing || this.closed) return;
    if (quits(key)) {
      this.quit();
      return;
    }
    if (key.name === 'return' || key.name === 'enter') {
      const typed = guessing.typed;
      const value = typed === '' ? null : Number(typed);
      if (value !== null && !Number.isFinite(value)) {
        this.guessing = { typed: '', note: `"${typed}" is not a number: type one like 250 or 1.8` };
        this.draw();
        return;
      }
      const lesson = this.lesson;
      updateProgress(this.options.course.root, (progress) => {
        progress.predictions[lesson.id] = value;
      });
      this.guess = value;
      this.guessing = undefined;
      this.begin();
      return;
    }
    const digit = typesText(key) && /^[\d.]$/.test(key.text) && guessing.typed.length < 12;
    if (key.name === 'backspace') guessing.typed = guessing.typed.slice(0, -1);
    else if (digit) guessing.typed += key.text ?? '';
    else return; // letters, arrows and the rest do nothing here
    this.draw();
  }

  private press(key: Keypress): void {
    if (this.closed) return;
    if (quits(key)) {
      this.quit();
      return;
    }
    // Only a plain letter is a command: Home, F2, Alt-h and the rest do nothing.
    if (!typesText(key)) return;
    switch (key.text.toLowerCase()) {
      case 'h': {
        const { revealed, fresh } = revealNextHint(this.options.course.root, this.lesson);
        this.show('hint', renderHints(this.lesson, revealed, fresh, 'press h'));
        break;
      }
      case 'n': {
        const next = lessonAfter(this.options.course, this.lesson);
        if (next) {
          this.panel = [];
          this.panelKind = undefined;
          this.open(next);
        } else {
          this.show('note', [`${label(this.lesson)} is the last lesson; there is no next one.`]);
        }
        break;
      }
      case 'l':
        // A second l hides the list again.
        if (this.panelKind === 'list') this.show(undefined, []);
        else this.show('list', renderList(this.options.course, readProgress(this.options.course.root)));
        break;
      case 'r':
        void this.run();
        break;
      case 'q':
        this.quit();
        break;
      default:
        break; // other letters do nothing.
    }
  }

  private show(kind: WatchSession['panelKind'], lines: string[]): void {
    this.panelKind = kind;
    this.panel = lines;
    this.draw();
  }

  private quit(): void {
    if (this.closed) return;
    this.closed = true;
    this.watcher?.close();
    this.input.off('keypress', this.onKeypress);
    if (this.input.isTTY) this.input.setRawMode(false);
    if (this.input.isTTY && this.output.isTTY) this.output.write(bracketedPasteOff);
    this.input.pause();
    // A paused pipe still keeps the process alive; the companion has no more use for its input.
    this.input.unref();
    process.off('SIGINT', this.onSignal);
    process.off('SIGTERM', this.onSignal);
    process.off('SIGHUP', this.onSignal);
    this.output.off('resize', this.onResize);
    // The run going now, if any, stops with its whole process group.
    this.current?.abort();
    this.output.write(
      `\nStopped watching. Your progress is saved: ${pc.cyan('pnpm course')} shows where you are.\n`,
    );
    this.finished();
  }

  /** What to say under a pass: well done, and the lesson to go on with. */
  private afterPass(): string[] {
    const { course } = this.options;
    const next = lessonAfter(course, this.lesson);
    if (next) {
      return [
        pc.green('Well cast!'),
        '',
        `Next: ${pc.bold(label(next))}. Press ${pc.bold('n')} to start it.`,
      ];
    }
    const progress = readProgress(course.root);
    const left = course.lessons.filter((lesson) => !isDone(progress, lesson));
    if (left.length === 0) {
      return [pc.green('That was the last lesson, and every lesson is done: the spellbook is yours.')];
    }
    return [
      pc.green('That was the last lesson.'),
      `Still to do: ${left.map(label).join(', ')} (press ${pc.bold('l')} for the list).`,
    ];
  }

  private draw(): void {
    if (this.closed) return;
    const { course } = this.options;
    const lesson = this.lesson;
    const position = course.lessons.indexOf(lesson) + 1;
    const lines = [
      `${pc.bold(label(lesson))} ${pc.dim(`(lesson ${position} of ${course.lessons.length})`)}`,
      `Edit ${pc.cyan(shown(path.join(lesson.dir, lesson.meta.exercise.file)))} and save: the tests run again.` +
        (this.options.poll ? pc.dim(' (polling)') : ''),
      '',
    ];
    const asked = lesson.meta.prediction;
    if (this.guessing && asked) {
      lines.push(
        pc.bold('Before the first run, a guess.'),
        asked.question,
        pc.dim(
          `You will see it beside what the tests measure. Type a number in ${asked.unit} and press Enter (Enter alone skips).`,
        ),
        '',
        `Your guess: ${this.guessing.typed}${pc.inverse(' ')} ${asked.unit}`,
        ...(this.guessing.note ? ['', pc.yellow(this.guessing.note)] : []),
        '',
        pc.dim('Enter answer · Backspace delete · Ctrl-C quit'),
      );
      this.output.write(`${this.output.isTTY ? clearScreen : '\n'}${lines.join('\n')}\n`);
      return;
    }
    if (this.running) {
      lines.push(pc.dim(this.verdict ? '⟳ Running the tests again…' : '⟳ Running the tests…'), '');
    }
    if (this.verdict) {
      lines.push(...renderVerdict(lesson, this.verdict, 12, referenceMachine(course.root), this.guess));
      if (this.verdict.kind === 'passed') lines.push(...this.afterPass());
      if (this.verdict.kind === 'unconfirmed') lines.push('', `Press ${pc.bold('r')} to run them again.`);
    }
    if (this.notice) lines.push('', pc.yellow(this.notice));
    if (this.panel.length > 0) lines.push('', ...this.panel);
    lines.push('', pc.dim(keysLine));
    // On a terminal the screen is redrawn in place; into a pipe or a log each screen follows the last.
    const start = this.output.isTTY ? clearScreen : '\n';
    this.output.write(`${start}${lines.join('\n')}\n`);
  }
}

/**
 * Watches `options.lesson` until the student quits: runs its tests now and
 * after every save, and answers the keys. Resolves when the student quits.
 */
export function watchLesson(options: WatchOptions): Promise<void> {
  return new Promise((resolve) => new WatchSession(options, resolve).start());
}
