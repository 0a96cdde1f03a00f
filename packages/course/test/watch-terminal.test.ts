/**
 * The companion in a real terminal, driven through tmux: `watch` with its
 * screen redrawn in place and single keys read in raw mode, and `reset`
 * asking its question. Each session runs the command, then prints its exit
 * status, so that the test can see the command end.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { bin, cleanEnv, copyCourse, exerciseFile, solve } from './helpers.ts';

const hasTmux = spawnSync('tmux', ['-V']).status === 0;
const noTmux = 'tmux is not installed: this test needs a real terminal to drive (install tmux to run it)';
// A server of our own: nothing here touches the user's tmux sessions, and afterAll ends all of ours.
const socket = `spellbook-course-${process.pid}`;

function tmux(...args: string[]): string {
  return execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8', env: cleanEnv() });
}

/** Quotes `text` for the shell that tmux runs the command with. */
const quote = (text: string): string => `'${text.replaceAll("'", `'\\''`)}'`;

/** Starts `course …args` in a new 120×40 session named `name`, in the course at `root`. */
function startSession(name: string, root: string, args: string): void {
  const command = `${quote(process.execPath)} ${quote(bin)} ${args}; echo "course exited with status $?"; sleep 600`;
  tmux('new-session', '-d', '-x', '120', '-y', '40', '-s', name, '-c', root, command);
  socketPath ??= tmux('display-message', '-p', '-t', name, '#{socket_path}').trim();
}

/** Waits until the visible screen of session `name` matches `pattern`; gives the screen. */
async function waitForScreen(name: string, pattern: RegExp, timeoutMs = 20_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const screen = tmux('capture-pane', '-p', '-t', name);
    if (pattern.test(screen)) return screen;
    if (Date.now() > deadline) throw new Error(`waited for ${pattern} in vain; the screen shows:\n${screen}`);
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}

/** The server's socket file, known once a session has started; tmux 3.3 leaves it behind. */
let socketPath: string | undefined;

afterAll(() => {
  if (!hasTmux) return;
  try {
    tmux('kill-server');
  } catch {
    // No session was started.
  }
  if (socketPath) rmSync(socketPath, { force: true });
});

describe('in a real terminal (tmux)', () => {
  test('watch: the failing message, a pass on save with the next lesson offered, a hint on h, the end on q', async (context) => {
    if (!hasTmux) context.skip(noTmux);
    const root = copyCourse({ git: false });
    startSession('watch', root, 'watch');

    let screen = await waitForScreen('watch', /✗ 2 of 2 tests failing/);
    expect(screen).toContain('01 Counting Stars (lesson 1 of 3)');
    expect(screen).toContain('Edit lessons/01-counting-stars/src/stars.ts and save: the tests run again.');
    expect(screen).toMatch(/an empty sky has no stars\n\s+Not implemented: countStars\(0\)/);
    expect(screen).toContain('h hint · n next lesson · l list · r rerun · q quit');

    // The student saves a correct countStars; the watcher notices without a key.
    writeFileSync(
      exerciseFile(root, '01-counting-stars'),
      "export function countStars(sky: string): number {\n  return sky.split('').filter((c) => c === '*').length;\n}\n",
    );
    screen = await waitForScreen('watch', /All 2 tests pass: 01 Counting Stars is done\./);
    expect(screen).toContain('Next: 02 Quick Sums. Press n to start it.');
    // Redrawn in place: the old failure is gone from the screen.
    expect(screen).not.toContain('tests failing');

    tmux('send-keys', '-t', 'watch', 'h');
    screen = await waitForScreen('watch', /Hint 1 of 3 for 01 Counting Stars/);
    expect(screen).toContain("1. First hint: a star is the character '*'.");
    expect(screen).toContain('2 more hints left: press h for the next.');

    tmux('send-keys', '-t', 'watch', 'q');
    screen = await waitForScreen('watch', /course exited with status \d+/);
    expect(screen).toContain('Stopped watching.');
    expect(screen).toContain('course exited with status 0');
  });

  test('watch asks for a guess before a measuring lesson’s first run, and shows it beside the measurement', async (context) => {
    if (!hasTmux) context.skip(noTmux);
    const root = copyCourse({ git: false });
    solve(root, '03-steady-hands');
    startSession('guess', root, 'watch 3');

    let screen = await waitForScreen('guess', /Your guess:/);
    expect(screen).toContain('Before the first run, a guess.');
    expect(screen).toContain('what share of the time one at a time will they take?');
    // No run before the answer.
    expect(screen).not.toContain('Running the tests');
    tmux('send-keys', '-t', 'guess', 'x', '0', '.', '9', 'BSpace', '4');
    await waitForScreen('guess', /Your guess: 0\.4/);
    tmux('send-keys', '-t', 'guess', 'Enter');
    screen = await waitForScreen('guess', /You guessed/);
    expect(screen).toContain('What you measured, on this machine:');
    expect(screen).toContain('4 steps at a steady pace: 0.5 of the time one at a time');
    expect(screen).toContain('You guessed 0.4 ×; you measured 0.5 × (1.25× your guess).');
    tmux('send-keys', '-t', 'guess', 'q');
    await waitForScreen('guess', /course exited with status 0/);
    const progress = JSON.parse(readFileSync(path.join(root, '.course', 'progress.json'), 'utf8')) as {
      predictions: Record<string, number | null>;
    };
    expect(progress.predictions).toEqual({ '03-steady-hands': 0.4 });

    // Asked once: the next session runs at once, and still shows the guess.
    startSession('guess-again', root, 'watch 3');
    screen = await waitForScreen('guess-again', /You guessed 0\.4 ×/);
    expect(screen).not.toContain('Before the first run');
    tmux('send-keys', '-t', 'guess-again', 'q');
    await waitForScreen('guess-again', /course exited with status 0/);
  });

  test('reset asks first: n keeps the code; y backs it up and restores the starter', async (context) => {
    if (!hasTmux) context.skip(noTmux);
    const root = copyCourse();
    const file = exerciseFile(root, '01-counting-stars');
    const starter = readFileSync(file, 'utf8');
    const work = 'export function countStars(sky: string): number {\n  return 0; // work in progress\n}\n';
    writeFileSync(file, work);

    startSession('reset-no', root, 'reset 1');
    let screen = await waitForScreen('reset-no', /\[y\/N\]/);
    expect(screen).toContain(
      'Resetting 01 Counting Stars undoes 1 changed file (stars.ts) in lessons/01-counting-stars/src.',
    );
    tmux('send-keys', '-t', 'reset-no', 'n', 'Enter');
    screen = await waitForScreen('reset-no', /course exited with status \d+/);
    expect(screen).toContain('Nothing changed.');
    expect(screen).toContain('course exited with status 0');
    expect(readFileSync(file, 'utf8')).toBe(work);
    expect(existsSync(path.join(root, '.course', 'backups'))).toBe(false);

    startSession('reset-yes', root, 'reset 01-counting-stars');
    await waitForScreen('reset-yes', /\[y\/N\]/);
    tmux('send-keys', '-t', 'reset-yes', 'y', 'Enter');
    screen = await waitForScreen('reset-yes', /course exited with status \d+/);
    expect(screen).toContain('Restored the starter of 01 Counting Stars');
    expect(screen).toContain('course exited with status 0');
    expect(readFileSync(file, 'utf8')).toBe(starter);
    const backups = path.join(root, '.course', 'backups', '01-counting-stars');
    const [backup] = readdirSync(backups);
    expect(readFileSync(path.join(backups, backup!, 'src', 'stars.ts'), 'utf8')).toBe(work);
  });
});
