/**
 * `pnpm course watch --poll`, with the keys written into a pipe: the same
 * session as in a terminal (see watch-terminal.test.ts) without the screen
 * redrawn in place, so that every screen it drew can be read back.
 */
import { appendFileSync, existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { copyCourse, progressOf, solve, startCourse } from './helpers.ts';

/** Processes whose working folder is inside `root`: the lessons' test runs. */
function processesIn(root: string): string[] {
  return readdirSync('/proc').filter((pid) => {
    if (!/^\d+$/.test(pid)) return false;
    try {
      return readlinkSync(`/proc/${pid}/cwd`).startsWith(root);
    } catch {
      return false; // gone, or not ours to look at
    }
  });
}

/** The process groups of the lessons' test runs going on in `root`, besides the companion's own (`companion`). */
function runGroupsIn(root: string, companion: number | undefined): Set<number> {
  const groups = new Set<number>();
  for (const pid of processesIn(root)) {
    if (Number(pid) === companion) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // Field 5 is the process group; the name before it may hold spaces.
      groups.add(Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]));
    } catch {
      // ended meanwhile
    }
  }
  return groups;
}

describe('pnpm course watch --poll', () => {
  test('reruns on save, congratulates and offers the next lesson, and answers n, h, l, r and q', async () => {
    const root = copyCourse({ git: false });
    const watch = startCourse(root, ['watch', '--poll']);

    await watch.waitFor(/01 Counting Stars \(lesson 1 of 3\)/);
    await watch.waitFor(
      /✗ 2 of 2 tests failing\n\n {2}an empty sky has no stars\n {4}Not implemented: countStars\(0\)/,
    );
    expect(progressOf(root)?.['current']).toBe('01-counting-stars');

    // The student saves a correct solution: polling notices, the tests run again and pass.
    let mark = watch.output().length;
    solve(root, '01-counting-stars');
    await watch.waitFor(
      /✓ All 2 tests pass: 01 Counting Stars is done\.\nWell cast!\n\nNext: 02 Quick Sums\. Press n to start it\./,
      {
        from: mark,
      },
    );
    // Passed, and when: a real timestamp.
    const passed = progressOf(root)?.['passed'] as Record<string, { at: string }>;
    expect(Date.parse(passed['01-counting-stars']?.at ?? '')).not.toBeNaN();

    // n: on to the next lesson, which becomes current and runs at once.
    mark = watch.output().length;
    watch.child.stdin?.write('n');
    await watch.waitFor(/02 Quick Sums \(lesson 2 of 3\)[\s\S]*Not implemented: sum of 0/, { from: mark });
    expect(progressOf(root)?.['current']).toBe('02-quick-sums');

    // h: its hint, remembered.
    mark = watch.output().length;
    watch.child.stdin?.write('h');
    await watch.waitFor(
      /Hint 1 of 1 for 02 Quick Sums\n\n {2}1\. Only hint: reduce the numbers, starting from 0\./,
      { from: mark },
    );
    expect(progressOf(root)?.['hints']).toEqual({ '02-quick-sums': 1 });

    // l: the list, with 01 done and 02 current.
    mark = watch.output().length;
    watch.child.stdin?.write('l');
    await watch.waitFor(/✓ 01 {2}Counting Stars {2}done[\s\S]*▶ 02 {2}Quick Sums {6}current/, { from: mark });

    // r: the tests again, without a save.
    mark = watch.output().length;
    watch.child.stdin?.write('r');
    await watch.waitFor(/⟳ Running the tests again…/, { from: mark });
    await watch.waitFor(
      /⟳ Running the tests again…[\s\S]*\n✗ 2 of 2 tests failing[\s\S]*Not implemented: sum of 0/,
      { from: mark },
    );

    watch.child.stdin?.write('q');
    expect(await watch.exited).toBe(0);
    expect(watch.output()).toMatch(
      /Stopped watching\. Your progress is saved: pnpm course shows where you are\.\n$/,
    );
  });

  test('keys are keys: Home, F2, Alt-h and pasted text do nothing, Ctrl-C quits', async () => {
    const root = copyCourse({ git: false });
    const watch = startCourse(root, ['watch', '--poll']);
    await watch.waitFor(/✗ 2 of 2 tests failing/);
    const pause = () => new Promise((resolve) => setTimeout(resolve, 300));
    const mark = watch.output().length;
    // Home is ESC [ H and F2 is ESC O Q: read byte by byte, they would be h (a hint) and q (quit).
    for (const sequence of ['\x1b[H', '\x1bOQ', '\x1bh']) {
      watch.child.stdin?.write(sequence);
      await pause();
    }
    // Pasted text, with the terminal's paste marks and without (several letters in one read).
    watch.child.stdin?.write('\x1b[200~q\x1b[201~');
    await watch.waitFor(/Pasted text does nothing here: the keys work one at a time\./, { from: mark });
    watch.child.stdin?.write('hq');
    await pause();
    expect(watch.output().slice(mark)).not.toMatch(/Hint 1 of|Stopped watching/);
    expect(progressOf(root)?.['hints'] ?? {}).toEqual({});

    watch.child.stdin?.write('\x03');
    expect(await watch.exited).toBe(0);
    expect(watch.output()).toMatch(/Stopped watching\./);
  });

  test('q during a run stops that run at once: nothing is left running in the course', async () => {
    const root = copyCourse({ git: false });
    solve(root, '03-steady-hands');
    // The lesson's speed test takes 20 s: q comes long before the run would end by itself.
    const watch = startCourse(root, ['watch', '3', '--poll'], { env: { FIXTURE_SLOW_MS: '20000' } });
    await watch.waitFor(/⟳ Running the tests…/);
    await new Promise((resolve) => setTimeout(resolve, 1500)); // well into the run
    const quit = performance.now();
    watch.child.stdin?.write('q');
    expect(await watch.exited).toBe(0);
    expect(performance.now() - quit).toBeLessThan(5000);
    expect(watch.output()).not.toContain('tests pass');
    if (existsSync('/proc')) expect(processesIn(root)).toEqual([]);
  });

  test.runIf(existsSync('/proc'))(
    'a save during a run stops that run through its signal and starts a fresh one at once',
    async () => {
      const root = copyCourse({ git: false });
      solve(root, '03-steady-hands');
      const watch = startCourse(root, ['watch', '3', '--poll'], { env: { FIXTURE_SLOW_MS: '20000' } });
      await watch.waitFor(/⟳ Running the tests…/);
      await new Promise((resolve) => setTimeout(resolve, 1500)); // well into the run
      const first = runGroupsIn(root, watch.child.pid);
      expect(first.size).toBe(1);

      const mark = watch.output().length;
      appendFileSync(path.join(root, 'lessons', '03-steady-hands', 'src', 'steady.ts'), '\n// saved again\n');
      // The new run starts now, not when the old one would have ended 20 s from now.
      await watch.waitFor(/⟳ Running the tests…/, { from: mark, timeoutMs: 5_000 });
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const second = runGroupsIn(root, watch.child.pid);
      expect(second.size).toBe(1);
      expect([...second].some((group) => first.has(group))).toBe(false);

      watch.child.stdin?.write('q');
      expect(await watch.exited).toBe(0);
      expect(processesIn(root)).toEqual([]);
    },
  );
});
