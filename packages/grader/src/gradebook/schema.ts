/**
 * The gradebook's file: an SQLite database marked as ours by its header
 * (`application_id` and `user_version`), so that a typo in `--db` that names
 * some other file is refused before anything is graded or written.
 *
 * @module
 */
import { closeSync, existsSync, openSync, readSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { UsageError } from '@spellbook/catalog';

/**
 * better-sqlite3, loaded the first time a gradebook is opened and never on
 * any other path: it is a native module and an optional dependency, so a
 * machine that could not build it (no C++ toolchain, and no prebuilt binary
 * for its Node) still installs the course and grades without `--db`.
 * `specifier` is for the tests.
 *
 * @throws UsageError naming `flag` and how to get the module, when it cannot be loaded.
 */
export function loadSqlite(flag: string, specifier = 'better-sqlite3'): typeof Database {
  try {
    const sqlite = createRequire(import.meta.url)(specifier) as typeof Database;
    // The binding itself loads on first use: open and close a database in memory to be sure of it.
    new sqlite(':memory:').close();
    return sqlite;
  } catch (error) {
    throw new UsageError(
      `${flag} needs the gradebook's SQLite module (better-sqlite3), which does not load on Node ${process.versions.node}: ` +
        `${oneLine((error as Error).message)
          .slice(0, 160)
          .replace(/\.$/, '')}. ` +
        'Build it with `pnpm rebuild --recursive better-sqlite3` (this needs python3, make and a C++ compiler where no ' +
        'prebuilt binary exists for your Node). Grading without a gradebook does not need it.',
    );
  }
}

/** `PRAGMA application_id` of a gradebook: "SBGB", Spellbook GradeBook. */
export const APPLICATION_ID = 0x53_42_47_42;

/** `PRAGMA user_version`: the schema below. A newer grader may migrate an older book; never the reverse. */
export const SCHEMA_VERSION = 4;

/**
 * What turns a gradebook of schema `n - 1` into schema `n`, by `n`. Run in
 * order, in one transaction, when a grader opens an older book to write it;
 * reading an older book needs none (its rows lack only the newer columns).
 */
const MIGRATIONS: Readonly<Record<number, string>> = {
  // 2: how long each lesson and test took, and what the timing tests measured.
  2: `ALTER TABLE lessons ADD COLUMN duration_ms INTEGER;
      ALTER TABLE tests ADD COLUMN duration_ms INTEGER;
      ALTER TABLE tests ADD COLUMN measurements TEXT;`,
  // 3: which failed tests gave no result of their own (timed out, crashed, missing).
  3: `ALTER TABLE tests ADD COLUMN no_result INTEGER;`,
  // 4: which lessons wait for regrading (a test gave no verdict under the defer policy).
  4: `ALTER TABLE lessons ADD COLUMN needs_regrading INTEGER;`,
};

// STRICT tables reject a value of the wrong type instead of storing it.
// A lesson row carries the hashes it was graded from, so each lesson of a
// submission can be judged unchanged on its own: grading lesson 02 next week
// keeps this week's lesson 01.
const SCHEMA = `
CREATE TABLE runs (
  id             INTEGER PRIMARY KEY,
  started_at     TEXT    NOT NULL,
  grader_version TEXT    NOT NULL,
  course_commit  TEXT    NOT NULL,
  cores          INTEGER NOT NULL,
  node_version   TEXT    NOT NULL,
  platform       TEXT    NOT NULL,
  options        TEXT    NOT NULL
) STRICT;

CREATE TABLE submissions (
  id         TEXT    PRIMARY KEY,
  files_hash TEXT    NOT NULL,
  run_id     INTEGER NOT NULL REFERENCES runs (id),
  graded_at  TEXT    NOT NULL
) STRICT;

CREATE TABLE lessons (
  submission_id TEXT    NOT NULL REFERENCES submissions (id),
  lesson_id     TEXT    NOT NULL,
  files_hash    TEXT    NOT NULL,
  setup_hash    TEXT    NOT NULL,
  run_id        INTEGER NOT NULL REFERENCES runs (id),
  graded_at     TEXT    NOT NULL,
  status        TEXT    NOT NULL CHECK (status IN ('passed', 'failed', 'error', 'timeout')),
  score         REAL    NOT NULL,
  max_score     REAL    NOT NULL,
  warnings      TEXT    NOT NULL,
  duration_ms   INTEGER,
  needs_regrading INTEGER,
  PRIMARY KEY (submission_id, lesson_id)
) STRICT;

CREATE TABLE tests (
  submission_id TEXT    NOT NULL,
  lesson_id     TEXT    NOT NULL,
  position      INTEGER NOT NULL,
  name          TEXT    NOT NULL,
  status        TEXT    NOT NULL CHECK (status IN ('passed', 'failed', 'skipped')),
  score         REAL    NOT NULL,
  max_score     REAL    NOT NULL,
  message       TEXT,
  hidden        INTEGER NOT NULL,
  duration_ms   INTEGER,
  measurements  TEXT,
  no_result     INTEGER,
  PRIMARY KEY (submission_id, lesson_id, position),
  FOREIGN KEY (submission_id, lesson_id) REFERENCES lessons (submission_id, lesson_id)
) STRICT;
`;

/** How a gradebook is opened: `write` creates it when absent, `read` never changes the file. */
export type OpenMode = 'write' | 'read';

/** The first 100 bytes of `file`: the SQLite header, when it is one. */
function readHeader(file: string): Buffer {
  const header = Buffer.alloc(100);
  const fd = openSync(file, 'r');
  try {
    return header.subarray(0, readSync(fd, header, 0, header.length, 0));
  } finally {
    closeSync(fd);
  }
}

/** Refuses, from the file alone, what cannot be a gradebook. Returns false when there is no file yet. */
function checkFile(file: string, shown: string, mode: OpenMode): boolean {
  if (!existsSync(file)) {
    if (mode === 'read') throw new UsageError(`${shown}: no such file`);
    if (!existsSync(path.dirname(file))) {
      throw new UsageError(`${shown}: no such folder ${path.dirname(file)}`);
    }
    return false;
  }
  if (statSync(file).isDirectory()) throw new UsageError(`${shown}: is a folder, not a gradebook`);
  const header = readHeader(file);
  // An empty file is what SQLite itself calls an empty database.
  if (header.length > 0 && header.toString('latin1', 0, 16) !== 'SQLite format 3\u0000') {
    throw new UsageError(`${shown}: not a gradebook (not an SQLite database)`);
  }
  return true;
}

/** Checks the header marks and the pages of an open database, and creates the schema in an empty one. */
function checkDatabase(db: Database.Database, shown: string, mode: OpenMode): void {
  const applicationId = db.pragma('application_id', { simple: true }) as number;
  const version = db.pragma('user_version', { simple: true }) as number;
  if (applicationId === APPLICATION_ID) {
    if (version > SCHEMA_VERSION) {
      throw new UsageError(
        `${shown}: written by a newer grader (gradebook schema ${version}; this grader reads ${SCHEMA_VERSION})`,
      );
    }
    const check = db.pragma('quick_check', { simple: true }) as string;
    if (check !== 'ok') throw new UsageError(`${shown}: the gradebook is damaged (${oneLine(check)})`);
    if (mode === 'write' && version < SCHEMA_VERSION) {
      db.transaction(() => {
        for (let next = version + 1; next <= SCHEMA_VERSION; next += 1) db.exec(MIGRATIONS[next] ?? '');
        db.pragma(`user_version = ${SCHEMA_VERSION}`);
      })();
    }
    return;
  }
  const objects = (db.prepare('SELECT count(*) AS n FROM sqlite_schema').get() as { n: number }).n;
  if (applicationId !== 0 || objects > 0) {
    throw new UsageError(`${shown}: not a gradebook (an SQLite database of something else)`);
  }
  if (mode === 'read') throw new UsageError(`${shown}: an empty database, not a gradebook`);
  db.transaction(() => {
    db.exec(SCHEMA);
    db.pragma(`application_id = ${APPLICATION_ID}`);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  })();
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * Opens the gradebook at `file`, or creates it (mode `write`). Anything that
 * is not a gradebook — a missing file when reading, another kind of file,
 * another program's SQLite database, a damaged or newer gradebook — is a
 * {@link UsageError} raised before the file is changed.
 *
 * @param file - the path given on the command line
 * @param mode - `read` for export (never creates or writes), `write` for grading
 * @param flag - the option named in error messages
 */
/**
 * Every connection and statement made in this process, kept reachable until
 * it ends. better-sqlite3 12 on Node 24 can abort the process when the
 * garbage collector destroys one of its objects at a moment Node has no
 * environment at hand (the destructor asserts; WiseLibs/better-sqlite3#1515,
 * fixed only in 13, which does not run on Node 20). An object that is never
 * collected is never destroyed mid-run; a grading run makes few of them.
 */
const keptAlive = new Set<unknown>();

/** Keeps `db` and every statement it prepares from being garbage collected (see {@link keptAlive}). */
export function keepAlive(db: Database.Database): Database.Database {
  keptAlive.add(db);
  const prepare = db.prepare.bind(db);
  db.prepare = ((...args: Parameters<typeof prepare>) => {
    const statement = prepare(...args);
    keptAlive.add(statement);
    return statement;
  }) as typeof db.prepare;
  return db;
}

export function openDatabase(file: string, mode: OpenMode, flag = '--db'): Database.Database {
  const resolved = path.resolve(file);
  const shown = `${flag} ${file}`;
  // Before the file: without the module, nothing about the file can be done.
  const sqlite = loadSqlite(flag);
  const existed = checkFile(resolved, shown, mode);
  let db: Database.Database | undefined;
  try {
    // A grader killed mid-transaction leaves a journal that only a writable
    // connection can roll back; SQLite does that on the first read, and it
    // restores the file as it was, so reading still changes no grade.
    const hotJournal = existsSync(`${resolved}-journal`) && statSync(`${resolved}-journal`).size > 0;
    db = keepAlive(
      new sqlite(resolved, { readonly: mode === 'read' && !hotJournal, fileMustExist: existed }),
    );
    // Each submission is one transaction; FULL makes a commit survive a power cut, not only a kill.
    if (mode === 'write') db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    checkDatabase(db, shown, mode);
    return db;
  } catch (error) {
    db?.close();
    // A file this call created and could not make into a gradebook goes again.
    if (!existed) rmSync(resolved, { force: true });
    if (error instanceof UsageError) throw error;
    if (error instanceof sqlite.SqliteError) {
      throw new UsageError(`${shown}: cannot be used as a gradebook (${oneLine(error.message)})`);
    }
    throw error;
  }
}
