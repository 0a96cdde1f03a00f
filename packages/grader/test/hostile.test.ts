/**
 * Hostile submissions: each attacks one lesson of a small fixture course
 * (test/fixtures/hostile) and leaves the other correct. For every attack the
 * affected tests must score 0 with a reason, everything else must be
 * unaffected, the class must finish within the sum of its time limits,
 * nothing outside the scratch copies may change, and no process may be left.
 */
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { listLessons } from '@spellbook/catalog';
import { beforeAll, describe, expect, test } from 'vitest';
import { grade } from '../src/grade.ts';
import { resolveSubmissions } from '../src/inputs.ts';
import type { LessonReport, SubmissionReport } from '../src/model.ts';

const course = path.join(import.meta.dirname, 'fixtures', 'hostile');
const graderSrc = path.join(import.meta.dirname, '..', 'src');
const lessons = listLessons(course);
const CHILD_TRACE = '/tmp/spellbook-hostile-child.txt';

/** A hash of every file below `dir`, leaving out scratch copies and installed packages. */
function treeHash(dir: string): string {
  const hash = createHash('sha256');
  const walk = (folder: string): void => {
    for (const name of readdirSync(folder).sort()) {
      if (name === '.graded' || name === 'node_modules') continue;
      const full = path.join(folder, name);
      if (statSync(full).isDirectory()) walk(full);
      else hash.update(path.relative(dir, full)).update(readFileSync(full));
    }
  };
  walk(dir);
  return hash.digest('hex');
}

/** Processes whose command line mentions the hostile course. */
function leftovers(): string[] {
  const listing = execFileSync('ps', ['-eo', 'stat=,args='], { encoding: 'utf8' });
  return listing
    .split('\n')
    .filter((line) => line.includes(course) && !line.trim().startsWith('Z') && !line.includes('ps -eo'));
}

interface Expectation {
  /** The lesson the submission attacks from. */
  readonly lesson: '01-sums' | '02-pages';
  /** The test that must score 0, and a part of the reason it must give. */
  readonly test: string;
  readonly reason: RegExp;
}

const attacks: Record<string, Expectation> = {
  'sync-loop': { lesson: '01-sums', test: 'adds up random numbers', reason: /time limit of 12 s/ },
  // The endless chain of awaits lets the tests without timers finish; the one that waits for a timer never does.
  'async-loop': { lesson: '01-sums', test: 'still answers after a short wait', reason: /time limit of 12 s/ },
  'process-exit': { lesson: '01-sums', test: 'adds up random numbers', reason: /process\.exit/ },
  'really-exit': { lesson: '01-sums', test: 'adds up random numbers', reason: /no result|exited|Worker/i },
  abort: { lesson: '01-sums', test: 'adds up random numbers', reason: /no result|exited|Worker|SIGABRT/i },
  'memory-bomb': { lesson: '01-sums', test: 'adds up random numbers', reason: /MiB, over the limit/ },
  'worker-bomb': { lesson: '01-sums', test: 'adds up random numbers', reason: /over the limit/ },
  'child-process': {
    lesson: '01-sums',
    test: 'adds up random numbers',
    reason: /ERR_ACCESS_DENIED|restricted/,
  },
  'writes-outside': {
    lesson: '01-sums',
    test: 'adds up random numbers',
    reason: /ERR_ACCESS_DENIED|restricted/,
  },
  network: { lesson: '02-pages', test: 'reads a page', reason: /refused by the grader/ },
  clocks: { lesson: '01-sums', test: 'the quick way is at least 5×', reason: /clocks must be left alone/ },
  'edits-tests': { lesson: '01-sums', test: 'adds up a small example', reason: /to be 6/ },
  'hard-coded': { lesson: '01-sums', test: 'adds up random numbers', reason: /1 \+ … \+/ },
};

let reports: SubmissionReport[] = [];
const lessonSeconds = new Map<string, number>();
let wallMs = 0;
let courseBefore = '';
let graderBefore = '';

const lessonOf = (student: string, id: string): LessonReport => {
  const found = reports.find((report) => report.id === student)?.lessons.find((lesson) => lesson.id === id);
  if (!found) throw new Error(`no report for ${student}/${id}`);
  return found;
};

beforeAll(async () => {
  courseBefore = treeHash(course);
  graderBefore = treeHash(graderSrc);
  const started = performance.now();
  reports = await grade({
    lessons,
    submissions: resolveSubmissions(course, { submissions: path.join(course, 'submissions') }),
    jobs: 2,
    // Low enough that the memory bomb is stopped within a second or two.
    groupMemoryMb: 1024,
    // The fixture's honest lessons use 25-32 threads. At the default of 128 a worker bomb on a loaded 2-core
    // machine once took longer than the 12 s time limit to get there (each new worker competes with the ones
    // still starting); at 64 it gets there in about half the time, so the test shows the thread limit working.
    threadLimit: 64,
    onLesson: ({ submission, report, wallMs: ms }) =>
      lessonSeconds.set(`${submission}/${report.id}`, ms / 1000),
  });
  wallMs = performance.now() - started;

  const rows = Object.entries(attacks).map(([attack, { lesson, test: name }]) => {
    const report = lessonOf(attack, lesson);
    const hit = report.tests.find((t) => t.name.includes(name));
    const why = (hit?.message ?? '').split('\n')[0]?.slice(0, 90) ?? '';
    return `| ${attack} | ${lesson}: ${report.status}, ${report.score}/${report.maxScore} | ${why} | ${(lessonSeconds.get(`${attack}/${lesson}`) ?? 0).toFixed(1)} s |`;
  });
  console.info(
    ['| attack | outcome | reason given | time |', '| --- | --- | --- | ---: |', ...rows].join('\n') +
      `\nwhole class: ${(wallMs / 1000).toFixed(1)} s`,
  );
}, 600_000);

describe('hostile submissions', () => {
  test('an honest submission scores full marks beside them', () => {
    const honest = reports.find((report) => report.id === 'honest');
    expect(honest).toMatchObject({ score: 20, maxScore: 20 });
  });

  test.each(Object.entries(attacks))(
    '%s: the attacked test scores 0 with a reason',
    (attack, expectation) => {
      const report = lessonOf(attack, expectation.lesson);
      const hit = report.tests.find((t) => t.name.includes(expectation.test));
      expect(hit, `${attack}: no test named like "${expectation.test}"`).toBeDefined();
      expect(hit?.score, `${attack}: ${hit?.name}`).toBe(0);
      expect(hit?.message ?? '', `${attack}: the reason for ${hit?.name}`).toMatch(expectation.reason);
    },
  );

  test.each(Object.entries(attacks))(
    "%s: the submission's other lesson is unaffected",
    (attack, expectation) => {
      const other = expectation.lesson === '01-sums' ? '02-pages' : '01-sums';
      expect(lessonOf(attack, other)).toMatchObject({ status: 'passed', score: 10, maxScore: 10 });
    },
  );

  test('tests that ran before an attack keep their points', () => {
    for (const attack of ['sync-loop', 'async-loop', 'memory-bomb', 'worker-bomb', 'abort', 'really-exit']) {
      const first = lessonOf(attack, '01-sums').tests.find((t) => t.name === 'adds up a small example');
      expect(first?.status, attack).toBe('passed');
    }
  });

  test('the whole class finishes within the sum of its time limits', () => {
    const limits = reports.length * lessons.reduce((sum, lesson) => sum + lesson.meta.timeoutSeconds, 0);
    expect(wallMs / 1000).toBeLessThan(limits);
  });

  test('nothing outside the scratch copies changed', () => {
    expect(treeHash(course), 'the hostile course and its submissions').toBe(courseBefore);
    expect(treeHash(graderSrc), "the grader's source").toBe(graderBefore);
    expect(existsSync(path.join(course, 'hacked.txt')), 'a file written beside the course').toBe(false);
    expect(existsSync(CHILD_TRACE), 'a child process ran').toBe(false);
    for (const lesson of lessons) expect(existsSync(path.join(lesson.dir, '.graded')), lesson.id).toBe(false);
  });

  test('no process is left over', async () => {
    await expect.poll(leftovers, { timeout: 5_000 }).toEqual([]);
  });
});
