/**
 * The gradebook: every grade the grader has made for a class, in one SQLite
 * file that outlives any one run. A submission is written in one transaction
 * (its row, its lessons, their tests), replacing what an earlier grading of
 * the same lessons recorded, so a killed run loses at most the submissions it
 * had not finished and a re-grade never counts twice.
 *
 * @module
 */
import type Database from 'better-sqlite3';
import { readMeasurements } from '@spellbook/catalog';
import type { LessonReport, SubmissionReport, TestReport } from '../model.ts';
import { totals } from '../model.ts';
import type { RunFacts } from '../facts.ts';
import type { SubmissionFingerprint } from './fingerprint.ts';
import { openDatabase, type OpenMode } from './schema.ts';

interface LessonRow {
  submission_id: string;
  lesson_id: string;
  status: LessonReport['status'];
  score: number;
  max_score: number;
  warnings: string;
  /** Absent in a gradebook of schema 1, null when the lesson did not run. */
  duration_ms?: number | null;
  /** 1 when the lesson waits for regrading (the `defer` policy); null or absent otherwise. */
  needs_regrading?: number | null;
}

interface TestRow {
  submission_id: string;
  lesson_id: string;
  name: string;
  status: TestReport['status'];
  score: number;
  max_score: number;
  message: string | null;
  hidden: number;
  /** Absent in a gradebook of schema 1. */
  duration_ms?: number | null;
  /** JSON, absent in a gradebook of schema 1. */
  measurements?: string | null;
  /** 1 for a test with no result of its own; absent before schema 3. */
  no_result?: number | null;
}

/** The measurements stored as JSON in a test row, checked as when they were first read. */
function measurementsOf(text: string | null | undefined): Pick<TestReport, 'measurements'> {
  if (typeof text !== 'string') return {};
  const measurements = readMeasurements(JSON.parse(text) as unknown);
  return measurements.length > 0 ? { measurements } : {};
}

const byId = (a: { id: string }, b: { id: string }): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** A gradebook file, open. */
export class Gradebook {
  readonly #db: Database.Database;

  private constructor(db: Database.Database) {
    this.#db = db;
  }

  /**
   * Opens (mode `write`: or creates) the gradebook at `file`; anything that is
   * not one is a UsageError before the file is touched.
   */
  static open(file: string, mode: OpenMode, flag = '--db'): Gradebook {
    return new Gradebook(openDatabase(file, mode, flag));
  }

  /**
   * True when every lesson in `print` is recorded for submission `id` with the
   * same files, the same setup and this grader version.
   */
  isUnchanged(id: string, print: SubmissionFingerprint, graderVersion: string): boolean {
    const rows = this.#db
      .prepare<
        [string],
        {
          lesson_id: string;
          files_hash: string;
          setup_hash: string;
          grader_version: string;
          needs_regrading: number | null;
        }
      >(
        `SELECT l.lesson_id, l.files_hash, l.setup_hash, r.grader_version, l.needs_regrading
           FROM lessons l JOIN runs r ON r.id = l.run_id
          WHERE l.submission_id = ?`,
      )
      .all(id);
    const recorded = new Map(rows.map((row) => [row.lesson_id, row]));
    return [...print.lessons].every(([lessonId, lesson]) => {
      const row = recorded.get(lessonId);
      return (
        row !== undefined &&
        row.files_hash === lesson.filesHash &&
        row.setup_hash === lesson.setupHash &&
        row.grader_version === graderVersion &&
        // A lesson that gave no verdict under `defer` is graded again, changed or not.
        !row.needs_regrading
      );
    });
  }

  /** Records the start of a grading run; returns its id, which {@link record} needs. */
  startRun(facts: RunFacts, options: Record<string, unknown>): number {
    const result = this.#db
      .prepare(
        `INSERT INTO runs (started_at, grader_version, course_commit, cores, node_version, platform, options)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        facts.startedAt,
        facts.graderVersion,
        facts.courseCommit,
        facts.cores,
        facts.nodeVersion,
        facts.platform,
        JSON.stringify(options),
      );
    return Number(result.lastInsertRowid);
  }

  /**
   * Records one graded submission in a single transaction. Its lessons replace
   * the rows of the same lessons; lessons not graded this time are kept.
   */
  record(report: SubmissionReport, print: SubmissionFingerprint, runId: number): void {
    const db = this.#db;
    const gradedAt = new Date().toISOString();
    const upsertSubmission = db.prepare(
      `INSERT INTO submissions (id, files_hash, run_id, graded_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET
         files_hash = excluded.files_hash, run_id = excluded.run_id, graded_at = excluded.graded_at`,
    );
    const deleteTests = db.prepare('DELETE FROM tests WHERE submission_id = ? AND lesson_id = ?');
    const deleteLesson = db.prepare('DELETE FROM lessons WHERE submission_id = ? AND lesson_id = ?');
    const insertLesson = db.prepare(
      `INSERT INTO lessons (submission_id, lesson_id, files_hash, setup_hash, run_id, graded_at,
                            status, score, max_score, warnings, duration_ms, needs_regrading)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const insertTest = db.prepare(
      `INSERT INTO tests (submission_id, lesson_id, position, name, status, score, max_score, message, hidden,
                          duration_ms, measurements, no_result)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    db.transaction(() => {
      upsertSubmission.run(report.id, print.filesHash, runId, gradedAt);
      for (const lesson of report.lessons) {
        const hashes = print.lessons.get(lesson.id);
        if (!hashes) throw new Error(`no fingerprint for ${report.id}/${lesson.id}`);
        deleteTests.run(report.id, lesson.id);
        deleteLesson.run(report.id, lesson.id);
        insertLesson.run(
          report.id,
          lesson.id,
          hashes.filesHash,
          hashes.setupHash,
          runId,
          gradedAt,
          lesson.status,
          lesson.score,
          lesson.maxScore,
          JSON.stringify(lesson.warnings ?? []),
          lesson.durationMs ?? null,
          lesson.needsRegrading ? 1 : null,
        );
        lesson.tests.forEach((test, position) => {
          insertTest.run(
            report.id,
            lesson.id,
            position,
            test.name,
            test.status,
            test.score,
            test.maxScore,
            test.message ?? null,
            test.hidden ? 1 : 0,
            test.durationMs ?? null,
            test.measurements ? JSON.stringify(test.measurements) : null,
            test.noResult ? 1 : 0,
          );
        });
      }
    })();
  }

  /** Every recorded submission as the grader reported it, lessons in id order, submissions by id. */
  reports(): SubmissionReport[] {
    const db = this.#db;
    const ids = db.prepare<[], { id: string }>('SELECT id FROM submissions').all();
    const lessons = db
      .prepare<[], LessonRow>(
        // Every column: a gradebook of an older schema, read without migrating it, lacks the newer ones.
        `SELECT * FROM lessons ORDER BY submission_id, lesson_id`,
      )
      .all();
    const tests = db
      .prepare<[], TestRow>(`SELECT * FROM tests ORDER BY submission_id, lesson_id, position`)
      .all();

    const testsOf = new Map<string, TestReport[]>();
    for (const row of tests) {
      const key = `${row.submission_id}\u0000${row.lesson_id}`;
      const list = testsOf.get(key) ?? [];
      list.push({
        name: row.name,
        status: row.status,
        score: row.score,
        maxScore: row.max_score,
        ...(row.message !== null ? { message: row.message } : {}),
        ...(row.hidden ? { hidden: true } : {}),
        ...(row.no_result ? { noResult: true } : {}),
        ...(typeof row.duration_ms === 'number' ? { durationMs: row.duration_ms } : {}),
        ...measurementsOf(row.measurements),
      });
      testsOf.set(key, list);
    }
    const lessonsOf = new Map<string, LessonReport[]>();
    for (const row of lessons) {
      const warnings = JSON.parse(row.warnings) as string[];
      const list = lessonsOf.get(row.submission_id) ?? [];
      list.push({
        id: row.lesson_id,
        score: row.score,
        maxScore: row.max_score,
        status: row.status,
        tests: testsOf.get(`${row.submission_id}\u0000${row.lesson_id}`) ?? [],
        ...(typeof row.duration_ms === 'number' ? { durationMs: row.duration_ms } : {}),
        ...(warnings.length > 0 ? { warnings } : {}),
        ...(row.needs_regrading ? { needsRegrading: true as const } : {}),
      });
      lessonsOf.set(row.submission_id, list);
    }
    return ids
      .map(({ id }) => {
        const list = (lessonsOf.get(id) ?? []).sort(byId);
        return { id, ...totals(list), lessons: list };
      })
      .sort(byId);
  }

  /** Closes the file. */
  close(): void {
    this.#db.close();
  }
}
