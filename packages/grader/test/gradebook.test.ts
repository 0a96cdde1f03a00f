import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { effectiveCores } from '@spellbook/test-kit/cores';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, test } from 'vitest';
import manifest from '../package.json' with { type: 'json' };
import { Gradebook } from '../src/gradebook/gradebook.ts';
import { keepAlive, loadSqlite, SCHEMA_VERSION } from '../src/gradebook/schema.ts';
import type { SubmissionReport } from '../src/model.ts';
import { csvField, csvReport } from '../src/reports/csv.ts';
import { course, fileState, grader, makeClass, starsFile } from './helpers.ts';

const root = mkdtempSync(path.join(tmpdir(), 'gradebook-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Reads the gradebook with a connection of its own, closed at once. */
function query<T>(file: string, sql: string): T[] {
  const db = keepAlive(new Database(file, { readonly: true, fileMustExist: true }));
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
}

const counts = (file: string): { submissions: number; lessons: number; tests: number } =>
  query<{ submissions: number; lessons: number; tests: number }>(
    file,
    `SELECT (SELECT count(*) FROM submissions) AS submissions,
            (SELECT count(*) FROM lessons) AS lessons,
            (SELECT count(*) FROM tests) AS tests`,
  )[0] ?? { submissions: -1, lessons: -1, tests: -1 };

/** Submission id → [lesson 01's score, the run that recorded it]. */
const lesson01 = (file: string): Record<string, [number, number]> =>
  Object.fromEntries(
    query<{ id: string; score: number; run: number }>(
      file,
      `SELECT submission_id AS id, score, run_id AS run FROM lessons
        WHERE lesson_id = '01-counting-stars' ORDER BY submission_id`,
    ).map((row) => [row.id, [Math.round(row.score * 100) / 100, row.run]]),
  );

describe('a gradebook of an older schema', () => {
  const dir = path.join(root, 'older');
  const klass = makeClass(dir, { alice: 'passing' });
  const db = path.join(dir, 'class.db');
  /** Makes the book at `db` what a grader of schema 1 wrote: no durations, no measurements. */
  const makeSchemaOne = () => {
    const book = keepAlive(new Database(db));
    try {
      book.exec(`ALTER TABLE lessons DROP COLUMN needs_regrading;
                 ALTER TABLE tests DROP COLUMN no_result;
                 ALTER TABLE tests DROP COLUMN measurements;
                 ALTER TABLE tests DROP COLUMN duration_ms;
                 ALTER TABLE lessons DROP COLUMN duration_ms;
                 PRAGMA user_version = 1;`);
    } finally {
      book.close();
    }
  };
  const version = () => query<{ v: number }>(db, 'SELECT user_version AS v FROM pragma_user_version')[0]?.v;

  test('is exported as it is, and migrated when the grader writes to it', () => {
    const json = path.join(dir, 'graded.json');
    expect(grader(['--submissions', klass, '--lessons', '01', '--db', db, '--json', json]).status).toBe(0);
    makeSchemaOne();
    expect(version()).toBe(1);

    // Reading changes nothing, and gives back everything but what schema 1 never kept.
    const exported = path.join(dir, 'exported.json');
    const result = grader(['export', '--db', db, '--json', exported]);
    expect(result.status, result.stderr).toBe(0);
    expect(version()).toBe(1);
    // A gradebook holds many runs, so its export says nothing of one (`run`).
    const withoutNewer = (text: string): unknown =>
      JSON.parse(text, (key, value: unknown) =>
        key === 'durationMs' || key === 'measurements' || key === 'noResult' || key === 'run'
          ? undefined
          : value,
      );
    expect(JSON.parse(readFileSync(exported, 'utf8'))).toEqual(withoutNewer(readFileSync(json, 'utf8')));

    // Writing migrates it, keeping its rows, and records the newer columns from then on.
    const regrade = grader(['--submissions', klass, '--lessons', '01', '--db', db, '--force']);
    expect(regrade.status, regrade.stderr).toBe(0);
    expect(version()).toBe(SCHEMA_VERSION);
    const [night] = query<{ measurements: string | null; duration_ms: number | null }>(
      db,
      `SELECT measurements, duration_ms FROM tests WHERE name = 'a long night'`,
    );
    expect(JSON.parse(night?.measurements ?? 'null')).toEqual([
      expect.objectContaining({ text: expect.stringContaining('1000 stars counted in') as string }),
    ]);
    expect(night?.duration_ms).toEqual(expect.any(Number));
  });

  test('one written by a newer grader is refused, unchanged', () => {
    const book = keepAlive(new Database(db));
    try {
      book.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    } finally {
      book.close();
    }
    const result = grader(['export', '--db', db, '--json', path.join(dir, 'never.json')]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`written by a newer grader (gradebook schema ${SCHEMA_VERSION + 1}`);
    expect(version()).toBe(SCHEMA_VERSION + 1);
  });
});

describe('a class in a gradebook', () => {
  const dir = path.join(root, 'record');
  const klass = makeClass(dir, { alice: 'passing', bob: 'failing', 'doe, "jo"': 'missing-lesson' });
  const db = path.join(dir, 'class.db');
  const gradeClass = (...more: string[]) =>
    grader(['--submissions', klass, '--lessons', '01', '--db', db, ...more]);

  test('is recorded with its scores, every test, the grader, the course and the machine', () => {
    const result = gradeClass();
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toContain('recorded 3 submissions in');
    expect(counts(db)).toEqual({ submissions: 3, lessons: 3, tests: 9 });
    expect(lesson01(db)).toEqual({ alice: [10, 1], bob: [3.33, 1], 'doe, "jo"': [0, 1] });

    const [run] = query<Record<string, unknown>>(db, 'SELECT * FROM runs');
    let commit = 'unknown';
    try {
      commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: course, encoding: 'utf8' }).trim();
    } catch {
      // not a git checkout
    }
    expect(run).toMatchObject({
      grader_version: manifest.version,
      course_commit: commit,
      cores: effectiveCores().cores,
      node_version: process.version,
      platform: `${process.platform}-${process.arch}`,
    });
    const hashes = query<{ files_hash: string }>(db, 'SELECT files_hash FROM submissions');
    for (const { files_hash } of hashes) expect(files_hash).toMatch(/^[0-9a-f]{64}$/);
    const marks = query<{ id: number; version: number }>(
      db,
      'SELECT application_id AS id, user_version AS version FROM pragma_application_id, pragma_user_version',
    );
    expect(marks).toEqual([{ id: 0x53424742, version: SCHEMA_VERSION }]);
  });

  test('a second run grades nothing: every submission is unchanged', () => {
    const result = gradeClass();
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toContain('skipped 3 unchanged submissions (use --force to grade them again)');
    expect(result.stderr).not.toContain('grading');
    expect(lesson01(db)).toEqual({ alice: [10, 1], bob: [3.33, 1], 'doe, "jo"': [0, 1] });
  });

  test('changing one file re-grades only that submission, replacing its rows', () => {
    copyFileSync(starsFile(klass, 'alice'), starsFile(klass, 'bob'));
    const result = gradeClass();
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toContain('skipped 2 unchanged submissions');
    expect(result.stderr).toContain('grading 1 submission(s)');
    expect(lesson01(db)).toEqual({ alice: [10, 1], bob: [10, 2], 'doe, "jo"': [0, 1] });
    expect(counts(db)).toEqual({ submissions: 3, lessons: 3, tests: 9 });
  });

  test('--force grades every submission again, and still counts each once', () => {
    const json = path.join(dir, 'forced.json');
    const result = gradeClass('--force', '--json', json);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toContain('grading 3 submission(s)');
    expect(lesson01(db)).toEqual({ alice: [10, 3], bob: [10, 3], 'doe, "jo"': [0, 3] });
    expect(counts(db)).toEqual({ submissions: 3, lessons: 3, tests: 9 });
    // The report covers this run's submissions, and the gradebook gives back exactly what it was told.
    const exported = path.join(dir, 'exported.json');
    expect(grader(['export', '--db', db, '--json', exported]).status).toBe(0);
    // A gradebook holds many runs, so its export says nothing of one (`run`).
    const { run, ...graded } = JSON.parse(readFileSync(json, 'utf8')) as Record<string, unknown>;
    expect(run).toBeDefined();
    expect(JSON.parse(readFileSync(exported, 'utf8'))).toEqual(graded);
  });

  test('grading another lesson keeps the first; export writes a CSV row per student', () => {
    const result = grader(['--submissions', klass, '--lessons', '02', '--db', db]);
    expect(result.status, result.stderr).toBe(0);
    expect(counts(db)).toMatchObject({ submissions: 3, lessons: 6 });

    const csv = path.join(dir, 'class.csv');
    const exported = grader(['export', '--db', db, '--csv', csv]);
    expect(exported.status, exported.stderr).toBe(0);
    expect(readFileSync(csv, 'utf8')).toBe(
      'student,01-counting-stars,02-quick-sums,total,max\r\n' +
        'alice,10,10,20,20\r\n' +
        'bob,10,5,15,20\r\n' +
        '"doe, ""jo""",0,10,10,20\r\n',
    );
  });
});

describe('the CSV format', () => {
  test('quotes what RFC 4180 says to quote, and leaves ungraded lessons empty', () => {
    expect(['plain', 'a,b', 'say "hi"', 'two\nlines', ' edge'].map(csvField)).toEqual([
      'plain',
      '"a,b"',
      '"say ""hi"""',
      '"two\nlines"',
      '" edge"',
    ]);
    const text = csvReport([
      { id: 'ann', lessons: [{ id: '02-b', score: 1 / 3, maxScore: 5 }] },
      {
        id: 'ben',
        lessons: [
          { id: '01-a', score: 2, maxScore: 10 },
          { id: '02-b', score: 5, maxScore: 5 },
        ],
      },
    ]);
    expect(text).toBe('student,01-a,02-b,total,max\r\nann,,0.3333,0.3333,5\r\nben,2,5,7,15\r\n');
  });

  test('a lesson that needs regrading has no grade yet: an empty cell, in neither total nor max', () => {
    const text = csvReport([
      {
        id: 'cy',
        lessons: [
          { id: '01-a', score: 10, maxScore: 10 },
          { id: '02-b', score: 0, maxScore: 5, needsRegrading: true },
        ],
      },
    ]);
    expect(text).toBe('student,01-a,02-b,total,max\r\ncy,10,,10,10\r\n');
  });
});

describe('a lesson that needs regrading (--inconclusive defer)', () => {
  test('is recorded as such, read back as such, and graded again on the next run though unchanged', () => {
    const file = path.join(root, 'deferred.db');
    const book = Gradebook.open(file, 'write');
    try {
      const print = {
        filesHash: 'f',
        lessons: new Map([
          ['01-a', { filesHash: 'a', setupHash: 's' }],
          ['02-b', { filesHash: 'b', setupHash: 's' }],
        ]),
      };
      const facts = {
        startedAt: new Date().toISOString(),
        graderVersion: manifest.version,
        courseCommit: 'unknown',
        cores: 2,
        nodeVersion: process.version,
        platform: 'test',
      };
      const report = (deferred: boolean): SubmissionReport => ({
        id: 'dee',
        score: 10,
        maxScore: 15,
        lessons: [
          { id: '01-a', score: 10, maxScore: 10, status: 'passed', tests: [] },
          {
            id: '02-b',
            score: 0,
            maxScore: 5,
            status: 'passed',
            tests: [],
            ...(deferred ? { needsRegrading: true as const } : {}),
          },
        ],
      });
      book.record(report(true), print, book.startRun(facts, {}));
      expect(book.reports()[0]?.lessons.map((lesson) => lesson.needsRegrading)).toEqual([undefined, true]);
      expect(book.isUnchanged('dee', print, manifest.version)).toBe(false);
      // Once a machine could judge it, the submission is unchanged again.
      book.record(report(false), print, book.startRun(facts, {}));
      expect(book.isUnchanged('dee', print, manifest.version)).toBe(true);
    } finally {
      book.close();
    }
  });
});

/** The processes still running a lesson for the grader `pid` (they have their own process groups). */
function orphansOf(pid: number): number[] {
  if (!existsSync('/proc/self/environ')) return [];
  const runFolder = new RegExp(`COURSE_TARGET=[^\\u0000]*/\\.graded/[0-9a-z]+-${pid}/`);
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((name) => {
      try {
        return runFolder.test(readFileSync(`/proc/${name}/environ`, 'latin1'));
      } catch {
        return false; // gone, or not ours
      }
    })
    .map(Number);
}

/** A process's state and command line, from /proc, for a failure message. */
function describeProcess(pid: number): string {
  try {
    const state = /^State:\s*(.*)$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? '?';
    const command = readFileSync(`/proc/${pid}/cmdline`, 'latin1').replaceAll('\u0000', ' ').trim();
    return `${pid} (${state}): ${command}`;
  } catch {
    return `${pid} (gone)`;
  }
}

/** Stops what a killed grader left running and removes its scratch folders; returns how many processes it stopped. */
function cleanUpAfter(pid: number): number {
  const orphans = orphansOf(pid);
  for (const orphan of orphans) {
    // The lesson's vitest leads its own process group; its forks go with it.
    for (const target of [-orphan, orphan]) {
      try {
        process.kill(target, 'SIGKILL');
      } catch {
        // not a group leader, or already gone
      }
    }
  }
  for (const lesson of ['01-counting-stars', '02-quick-sums']) {
    const scratch = path.join(course, 'lessons', lesson, '.graded');
    if (!existsSync(scratch)) continue;
    for (const run of readdirSync(scratch).filter((name) => name.endsWith(`-${pid}`))) {
      rmSync(path.join(scratch, run), { recursive: true, force: true });
    }
    if (readdirSync(scratch).length === 0) rmSync(scratch, { recursive: true, force: true });
  }
  return orphans.length;
}

/**
 * {@link cleanUpAfter}, again until nothing is left (at most 10 s): a process
 * a vitest started between one scan of /proc and the kill is found by the
 * next, and on a loaded machine a killed process can take a while to be gone.
 */
async function cleanUpUntilGone(pid: number): Promise<number> {
  let stopped = cleanUpAfter(pid);
  for (let round = 0; round < 100 && orphansOf(pid).length > 0; round += 1) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    stopped += cleanUpAfter(pid);
  }
  return stopped;
}

describe('a grader killed in the middle of a class', () => {
  test('loses nothing it recorded and counts nothing twice when run again', async () => {
    const started = performance.now();
    const dir = path.join(root, 'killed');
    const klass = makeClass(dir, { a: 'passing', b: 'failing', c: 'edits-tests', d: 'passing' });
    const db = path.join(dir, 'class.db');
    const args = ['--submissions', klass, '--lessons', '01', '--jobs', '1', '--db', db];

    const child = spawn(
      process.execPath,
      [path.join(import.meta.dirname, '..', 'bin', 'grade.mjs'), ...args],
      {
        cwd: course,
        detached: true,
        stdio: 'ignore',
        env: { ...process.env, NO_COLOR: '1' },
      },
    );
    const pid = child.pid as number;
    const exited = new Promise((resolve) => child.on('exit', resolve));
    const recorded = (): number => {
      try {
        return counts(db).submissions;
      } catch {
        return 0; // not created yet, or busy being written
      }
    };
    let stopped: number;
    try {
      const deadline = Date.now() + 60_000;
      while (recorded() < 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      process.kill(-pid, 'SIGKILL');
      await exited;
    } finally {
      // The lesson being graded runs in a process group of its own, which outlives the grader.
      stopped = await cleanUpUntilGone(pid);
    }
    const left = orphansOf(pid);
    expect(left, `still running after 10 s of SIGKILL: ${left.map(describeProcess).join('; ')}`).toEqual([]);
    // A connection that may write: it rolls back a transaction the kill cut short, as the grader would.
    const recovered = keepAlive(new Database(db, { fileMustExist: true }));
    const atKill = (recovered.prepare('SELECT count(*) AS n FROM submissions').get() as { n: number }).n;
    recovered.close();
    expect(atKill).toBeGreaterThanOrEqual(1);
    expect(atKill, 'the grader should have been killed before the class was done').toBeLessThan(4);

    const again = grader(args);
    expect(again.status, again.stderr).toBe(0);
    expect(again.stderr).toContain(`skipped ${atKill} unchanged submission`);
    expect(again.stderr).toContain(`grading ${4 - atKill} submission(s)`);

    expect(counts(db)).toEqual({ submissions: 4, lessons: 4, tests: 12 });
    expect(
      query<{ id: string; n: number }>(
        db,
        'SELECT submission_id AS id, count(*) AS n FROM lessons GROUP BY submission_id ORDER BY id',
      ),
    ).toEqual(['a', 'b', 'c', 'd'].map((id) => ({ id, n: 1 })));
    expect(Object.fromEntries(Object.entries(lesson01(db)).map(([id, [score]]) => [id, score]))).toEqual({
      a: 10,
      b: 3.33,
      c: 3.33,
      d: 10,
    });
    expect(query<{ integrity_check: string }>(db, 'PRAGMA integrity_check')).toEqual([
      { integrity_check: 'ok' },
    ]);
    console.log(
      `killed after ${atKill} of 4 recorded (${stopped} lesson processes left running); kill and re-run: ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
  });
});

describe('bad input exits 2 with one line, before the gradebook is created or changed', () => {
  const dir = path.join(root, 'bad');
  const klass = makeClass(dir, { alice: 'passing' });
  const empty = path.join(dir, 'empty');
  mkdirSync(empty);
  const fresh = path.join(dir, 'fresh.db');
  const random = path.join(dir, 'random.db');
  writeFileSync(random, randomBytes(8192));
  const foreign = path.join(dir, 'foreign.db');
  const other = keepAlive(new Database(foreign));
  other.exec("CREATE TABLE grades (student TEXT, grade TEXT); INSERT INTO grades VALUES ('alice', 'A')");
  other.close();
  const blank = path.join(dir, 'blank.db');
  writeFileSync(blank, '');
  const out = path.join(dir, 'out.csv');

  test.each([
    [
      'a class folder that does not exist',
      ['--submissions', path.join(dir, 'nope'), '--db', fresh],
      fresh,
      /no such folder/,
    ],
    ['an empty class folder', ['--submissions', empty, '--db', fresh], fresh, /no submission folders inside/],
    [
      'an unknown lesson',
      ['--submissions', klass, '--lessons', '07', '--db', fresh],
      fresh,
      /unknown lesson "07"/,
    ],
    [
      'a bad --shard',
      ['--submissions', klass, '--shard', '3/2', '--db', fresh],
      fresh,
      /--shard must be I\/N/,
    ],
    ['--force without --db', ['--submissions', klass, '--force'], fresh, /use it with --db/],
    [
      'a gradebook in a missing folder',
      ['--submissions', klass, '--db', path.join(dir, 'no', 'x.db')],
      fresh,
      /no such folder/,
    ],
    [
      'a file of random bytes',
      ['--submissions', klass, '--db', random],
      random,
      /not a gradebook \(not an SQLite database\)/,
    ],
    [
      'a foreign SQLite database',
      ['--submissions', klass, '--db', foreign],
      foreign,
      /an SQLite database of something else/,
    ],
    ['export from a missing gradebook', ['export', '--db', fresh, '--csv', out], fresh, /no such file/],
    ['export from random bytes', ['export', '--db', random, '--csv', out], random, /not an SQLite database/],
    ['export from a foreign database', ['export', '--db', foreign, '--csv', out], foreign, /something else/],
    ['export from an empty file', ['export', '--db', blank, '--csv', out], blank, /an empty database/],
    ['export with nothing to write', ['export', '--db', foreign], foreign, /nothing to write/],
  ])('%s', (_name, args, db, message) => {
    const before = fileState(db);
    const result = grader(args);
    expect(result.status, result.stderr).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(message);
    expect(fileState(db)).toBe(before);
    expect(existsSync(out)).toBe(false);
  });
});

describe('without the optional SQLite module (a machine that could not build better-sqlite3)', () => {
  // Loaded before the grader, this makes `better-sqlite3` impossible to resolve in its process only.
  const noSqlite = [
    '--import',
    pathToFileURL(path.join(import.meta.dirname, 'fixtures', 'no-sqlite.mjs')).href,
  ];
  const dir = path.join(root, 'no-sqlite');
  const klass = makeClass(dir, { alice: 'passing' });
  const db = path.join(dir, 'class.db');
  const out = path.join(dir, 'out.csv');

  test('grading without --db never loads it', () => {
    const result = grader(['--submissions', klass, '--lessons', '01'], noSqlite);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/alice\s+01-counting-stars\s+passed/);
  });

  test.each([
    ['grading with --db', ['--submissions', klass, '--lessons', '01', '--db', db]],
    ['export', ['export', '--db', db, '--csv', out]],
  ])('%s exits 2 with one line that says how to get it, before anything is written', (_name, args) => {
    const result = grader(args, noSqlite);
    expect(result.status, result.stderr).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/--db needs the gradebook's SQLite module \(better-sqlite3\)/);
    expect(result.stderr).toContain('pnpm rebuild --recursive better-sqlite3');
    expect(existsSync(db)).toBe(false);
    expect(existsSync(out)).toBe(false);
  });

  test('loadSqlite opens a database to be sure: a module without its built binding is refused too', () => {
    const unbuilt = path.join(import.meta.dirname, 'fixtures', 'unbuilt-sqlite', 'index.cjs');
    expect(() => loadSqlite('--db', unbuilt)).toThrow(/^--db needs .*Could not locate the bindings file/);
  });

  test('loadSqlite names the flag and the cause when the module is missing', () => {
    expect(() => loadSqlite('--db', 'better-sqlite3-that-is-not-installed')).toThrow(
      /^--db needs .*Cannot find module 'better-sqlite3-that-is-not-installed'.*Grading without a gradebook does not need it\.$/,
    );
  });
});
