import {
  describeValue,
  explain,
  formatMs,
  formatShare,
  inconclusive,
  measured,
  measureRun,
  pages,
  rejectionOf,
  seededRandom,
  trialDivisionSum,
  useScrollServer,
  watchLoad,
  type SeededRandom,
  machineBusy,
  LESSON_BARS,
  effectiveCores,
  expectBoundUnderQuota,
  throttleReader,
} from '@spellbook/test-kit';
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { describe, expect, test, type TestContext } from 'vitest';
import { chooseSpell, profile, type Profile } from '../src/wizards-rule.ts';

const { lay } = useScrollServer();

function describeProfile(p: Profile): string {
  return `wall ${p.wallMs.toFixed(1)} ms, CPU ${p.cpuMs.toFixed(1)} ms, share ${p.cpuShare.toFixed(2)}`;
}

/** Records what `profile` reported for `what`, when its figures are numbers. */
function recordProfile(
  context: TestContext,
  what: string,
  p: Profile,
  outer: { cpuMs: number; wallMs: number },
): void {
  if (
    ![p.wallMs, p.cpuMs, p.cpuShare].every((value) => typeof value === 'number' && Number.isFinite(value))
  ) {
    return;
  }
  measured(
    context,
    `${what}: your profile() gave ${formatMs(p.wallMs)} of wall time and ${formatMs(p.cpuMs)} of CPU, a share of ${formatShare(p.cpuShare)} (the tests' clocks around the call: ${formatShare(outer.cpuMs / outer.wallMs)})`,
    [
      { name: 'wallMs', value: p.wallMs, unit: 'ms', reference: outer.wallMs },
      { name: 'cpuMs', value: p.cpuMs, unit: 'ms', reference: outer.cpuMs },
      { name: 'cpuShare', value: p.cpuShare, unit: 'share', reference: outer.cpuMs / outer.wallMs },
    ],
  );
}

/**
 * The profile's figures against the test kit's own clocks read around the
 * same call: the wall time no longer than the call, the CPU time no more than
 * the process used meanwhile and most of it (a figure that was not measured,
 * or that leaves out the kernel's share, falls outside).
 */
function misfit(p: Profile, outer: { wallMs: number; cpuMs: number }): string | undefined {
  const fit = LESSON_BARS.profileFit;
  const fits =
    p.wallMs > outer.wallMs * fit.wallAtLeast &&
    p.wallMs <= outer.wallMs + fit.wallSlackMs &&
    p.cpuMs <= outer.cpuMs * fit.cpuAtMost + fit.cpuSlackMs &&
    p.cpuMs >= outer.cpuMs * fit.cpuAtLeast - fit.cpuSlackMs;
  return fits
    ? undefined
    : `${describeProfile(p)}, while the tests measured ${outer.wallMs.toFixed(1)} ms of wall time and ${outer.cpuMs.toFixed(1)} ms of CPU around the call`;
}

/** Fetches one page of `latencyMs` and returns its text. */
function fetchTask(latencyMs: number): { task: () => Promise<string>; runs: () => number } {
  const [url] = lay([{ latencyMs }]).urls;
  let runs = 0;
  return {
    task: async () => {
      runs += 1;
      const response = await fetch(url as string);
      return response.text();
    },
    runs: () => runs,
  };
}

describe('profile', () => {
  test(`a fetch of a slow page is mostly waiting: cpuShare under ${LESSON_BARS.waitingShareBelow}`, async (context) => {
    const random = seededRandom();
    const latency = random.int(150, 300);
    const { task, runs } = fetchTask(latency);

    const outer = await measureRun(() => profile(task));
    const p = outer.value;
    recordProfile(context, `a page ${latency} ms away`, p, outer);

    expect(runs(), 'the task should run exactly once').toBe(1);
    expect(
      p.wallMs >= latency * 0.9 && p.wallMs <= outer.wallMs + 1,
      explain({
        expected: `a wall time of at least the page's ${latency} ms, and no more than the call took (${outer.wallMs.toFixed(1)} ms)`,
        saw: describeProfile(p),
        tryThis: '`await task()` so the clock stops when the page has arrived, not when the request was sent',
      }),
    ).toBe(true);
    expect(
      p.cpuShare,
      explain({
        expected: `a CPU share under ${LESSON_BARS.waitingShareBelow}: the process was idle while the page was on the road`,
        saw: describeProfile(p),
        tryThis: 'measure CPU time with process.cpuUsage(), not with a wall clock',
      }),
    ).toBeLessThan(LESSON_BARS.waitingShareBelow);
    expect(p.cpuShare, 'cpuShare should be cpuMs / wallMs').toBeCloseTo(p.cpuMs / p.wallMs, 2);
    expect(
      p.cpuMs <= outer.cpuMs * 1.1 + 5,
      explain({
        expected: `no more CPU time than the process used during the call (${outer.cpuMs.toFixed(1)} ms)`,
        saw: describeProfile(p),
      }),
    ).toBe(true);
  });

  test(`prime summation is mostly thinking: cpuShare over ${LESSON_BARS.thinkingShareAbove}`, async (context) => {
    const random = seededRandom();
    const limit = random.int(1_500_000, 2_500_000);
    const watch = watchLoad();
    const outer = await measureRun(() => profile(() => trialDivisionSum(limit)));
    const { foreignCores, stoppedMs } = watch.stop();
    const p = outer.value;
    recordProfile(context, `the primes below ${limit.toLocaleString('en')}`, p, outer);
    const detail = `the call took ${outer.wallMs.toFixed(1)} ms of wall time and ${outer.cpuMs.toFixed(1)} ms of CPU by the tests' clocks; other processes used ${foreignCores.toFixed(2)} cores`;

    expect(
      misfit(p, outer),
      explain({
        expected: 'wall and CPU times that fit what the tests measured around the call',
        saw: misfit(p, outer) ?? '',
        tryThis: 'read process.cpuUsage() and performance.now() just before and just after awaiting the task',
        detail,
      }),
    ).toBeUndefined();
    if (p.cpuShare <= LESSON_BARS.thinkingShareAbove && machineBusy(foreignCores, 'deadline')) {
      inconclusive(context, `the machine was busy; ${describeProfile(p)}\n${detail}`);
    }
    // A share over the bar is a wall time under CPU ÷ bar. Under a CPU quota
    // the kernel stops the process for part of every period, which adds wall
    // time to a task that never waits: that much is the quota's, not the task's.
    expectBoundUnderQuota(context, {
      measuredMs: p.wallMs,
      boundMs: p.cpuMs / LESSON_BARS.thinkingShareAbove,
      stoppedMs,
      expected: `a CPU share over ${LESSON_BARS.thinkingShareAbove} while summing the primes below ${limit}`,
      saw: describeProfile(p),
      tryThis: 'CPU time is process.cpuUsage() user + system, in microseconds: divide by 1000',
      detail,
    });
  });

  test("counts the kernel's CPU time too: a task of many system calls", async () => {
    // Reading a file the system has cached, over and over: the kernel copies
    // the bytes, so most of this task's CPU time is `system` time. (Node's own
    // executable: a large file every machine has, and only read.)
    const chunk = Buffer.alloc(2 ** 20);
    const span = Math.min(statSync(process.execPath).size, 32 * 2 ** 20) - chunk.length;
    const task = () => {
      const fd = openSync(process.execPath, 'r');
      try {
        let read = 0;
        for (let i = 0; i < 256; i += 1) {
          read += readSync(fd, chunk, 0, chunk.length, (i * chunk.length) % span);
        }
        return read;
      } finally {
        closeSync(fd);
      }
    };
    task(); // a warm-up: the file is in the system's cache from here on
    const outer = await measureRun(() => profile(task));
    const p = outer.value;
    expect(
      misfit(p, outer),
      explain({
        expected:
          'a CPU time that fits what the tests measured around the call, user and system time together',
        saw: misfit(p, outer) ?? '',
        tryThis: 'CPU time is process.cpuUsage() user + system, in microseconds: divide by 1000',
      }),
    ).toBeUndefined();
    expect(p.cpuShare, 'cpuShare should be cpuMs / wallMs').toBeCloseTo(p.cpuMs / p.wallMs, 2);
  });

  test('a task that fails makes profile reject with the same error', async () => {
    const failure = new RangeError('the hourglass broke');
    const error = await rejectionOf(() =>
      profile(() => {
        throw failure;
      }),
    );
    expect(error, `expected the task's own error, saw ${describeValue(error)}`).toBe(failure);
    const asyncError = await rejectionOf(() => profile(() => Promise.reject(failure)));
    expect(asyncError, `expected the task's own error, saw ${describeValue(asyncError)}`).toBe(failure);
  });
});

describe('chooseSpell', () => {
  test('decides by the share of thinking, on profiles it has not seen, across the whole range', () => {
    const random = seededRandom();
    const wrong: string[] = [];
    for (let i = 0; i < 40; i += 1) {
      const waiting = random.int(0, 1) === 0;
      // Shares above 1 come from work spread over several threads.
      // Most of the time waiting or most of the time computing, the middle band included.
      const cpuShare = waiting ? random.int(0, 490) / 1000 : random.int(510, 1900) / 1000;
      const wallMs = random.int(20, 5_000);
      const p = { wallMs, cpuMs: wallMs * cpuShare, cpuShare };
      const spell = chooseSpell(p);
      const expected = waiting ? 'messengers' : 'copies';
      if (spell !== expected) {
        wrong.push(`${describeProfile(p)}: chose ${describeValue(spell)}, not ${expected}`);
      }
    }
    expect(
      wrong,
      explain({
        expected:
          "'messengers' for shares below one half (mostly waiting), 'copies' above it (mostly computing)",
        saw: wrong.join('\n'),
        tryThis: 'decide by cpuShare alone',
      }),
    ).toEqual([]);
  });

  test('is right on a shuffled mix of waiting, thinking and mixed tasks', async (context) => {
    const random = seededRandom();
    type Kind = 'waiting' | 'thinking' | 'mostly waiting' | 'mostly thinking';
    const kinds: Kind[] = ['waiting', 'thinking', 'mostly waiting', 'mostly thinking'];
    const mix = random.shuffle([...kinds, ...kinds.map(() => kinds[random.int(0, 3)] as Kind)]);

    function makeWork(kind: Kind, rng: SeededRandom): () => unknown {
      const latency = rng.int(120, 250);
      const limit = rng.int(1_200_000, 2_000_000);
      switch (kind) {
        case 'waiting':
          return fetchTask(latency).task;
        case 'thinking':
          return () => trialDivisionSum(limit);
        case 'mostly waiting': {
          const page = lay(pages(1, latency * 2)).urls[0] as string;
          return async () => {
            const text = await (await fetch(page)).text();
            return text.length + trialDivisionSum(100_000);
          };
        }
        case 'mostly thinking': {
          const page = lay(pages(1, 15)).urls[0] as string;
          return async () => {
            const sum = trialDivisionSum(limit);
            return sum + (await (await fetch(page)).text()).length;
          };
        }
      }
    }

    // Every task has the same source text, so only measuring can tell them apart.
    const makeTask = (kind: Kind, rng: SeededRandom): (() => unknown) => {
      const work = makeWork(kind, rng);
      return () => work();
    };

    const watch = watchLoad();
    const throttled = throttleReader();
    const lines: string[] = [];
    let mistakes = 0;
    // Wrong choices a CPU quota explains: a task that thinks, whose wall time
    // the kernel's stops stretched until its share fell under one half.
    let blurred = 0;
    const misfits: string[] = [];
    for (const kind of mix) {
      // Laid out before the clocks start: only the call itself is measured.
      const task = makeTask(kind, random);
      const stoppedBefore = throttled();
      const outer = await measureRun(() => profile(task));
      const stoppedAfter = throttled();
      const p = outer.value;
      const wrongFigures = misfit(p, outer);
      if (wrongFigures) misfits.push(`${kind}: ${wrongFigures}`);
      const spell = chooseSpell(p);
      const expected = kind.endsWith('waiting') ? 'messengers' : 'copies';
      let note = '';
      if (spell !== expected) {
        mistakes += 1;
        const stoppedMs =
          stoppedBefore === undefined || stoppedAfter === undefined
            ? undefined
            : stoppedAfter - stoppedBefore;
        if (
          expected === 'copies' &&
          stoppedMs !== 0 &&
          (stoppedMs === undefined || p.wallMs - stoppedMs <= 0 || p.cpuMs / (p.wallMs - stoppedMs) > 0.5)
        ) {
          blurred += 1;
          note = ` (a CPU quota held the process stopped for ${stoppedMs === undefined ? 'an unknown time' : `${Math.round(stoppedMs)} ms`} of it)`;
        }
      }
      lines.push(
        `${spell === expected ? '  ' : '✗ '}${kind}: ${describeProfile(p)} → ${describeValue(spell)}${note}`,
      );
    }
    const { foreignCores } = watch.stop();
    const report = lines.join('\n');
    expect(
      misfits,
      explain({
        expected: 'every profile to fit what the tests measured around the call',
        saw: misfits.join('\n'),
        detail: report,
      }),
    ).toEqual([]);
    if (mistakes > 0 && machineBusy(foreignCores, 'deadline')) {
      inconclusive(context, `the machine was busy (${foreignCores.toFixed(2)} cores)\n${report}`);
    }
    if (mistakes > 0 && mistakes === blurred) {
      inconclusive(
        context,
        `a CPU quota stretched the wall time of ${blurred} thinking task(s) until they looked like waiting (${effectiveCores().text})\n${report}`,
      );
    }
    expect(
      mistakes,
      explain({
        expected:
          "'messengers' for every task that mostly waits and 'copies' for every task that mostly thinks",
        saw: `${mistakes} wrong choice(s)`,
        detail: report,
      }),
    ).toBe(0);
  }, 30_000);
});
