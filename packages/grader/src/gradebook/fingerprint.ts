/**
 * What a grade was made from, as hashes: the student's files (each chosen
 * lesson's `src/`, the only part of a submission the grader reads) and the
 * grading setup of each lesson (its tests, metadata and vitest config, any
 * hidden tests, a `--timeout` override). When both are the same as last time
 * and so is the grader's version, grading again would give the same result.
 *
 * @module
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { filesBelow, type Lesson } from '@spellbook/catalog';
import type { Submission } from '../inputs.ts';

/** The hashes of one lesson of one submission. */
export interface LessonFingerprint {
  /** The submission's `src/` files of this lesson (or that the lesson is missing). */
  readonly filesHash: string;
  /** The course's side: tests, metadata, hidden tests, time limit. */
  readonly setupHash: string;
}

/** The hashes of one submission, for the chosen lessons. */
export interface SubmissionFingerprint {
  /** The chosen lesson ids with their files: the submission's hash as the gradebook records it. */
  readonly filesHash: string;
  /** By lesson id. */
  readonly lessons: ReadonlyMap<string, LessonFingerprint>;
}

function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

function isDirectory(dir: string): boolean {
  return existsSync(dir) && statSync(dir).isDirectory();
}

/**
 * Sorted relative paths (with `/` on every platform) and content hashes of
 * the files below `dir`. Symbolic links are left out, as the grader's copy
 * leaves them out. Encoded as JSON, so no two listings hash alike by accident.
 */
function listing(dir: string, keep: (file: string) => boolean = () => true): Array<[string, string]> {
  return filesBelow(dir)
    .map((file) => [file.split(path.sep).join('/'), file] as const)
    .filter(([portable]) => keep(portable))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([portable, file]) => [portable, sha256(readFileSync(path.join(dir, file)))]);
}

/** The hash of `lesson`'s `src/` in `submission`; a missing lesson hashes as missing. */
export function lessonFilesHash(submission: Submission, lesson: Lesson): string {
  const src = submission.lessonsDir ? path.join(submission.lessonsDir, lesson.id, 'src') : undefined;
  const files = src && isDirectory(src) ? listing(src) : null;
  return sha256(JSON.stringify([lesson.id, files]));
}

/**
 * The setup hash of each lesson, by lesson id: what the course, not the
 * student, contributes to the grade.
 */
export function setupHashes(
  lessons: readonly Lesson[],
  setup: {
    extraTestsDir?: string | undefined;
    timeoutSeconds?: number | undefined;
    /** Scores differ by policy, so a lesson graded under another is graded again. */
    inconclusive?: string | undefined;
  },
): Map<string, string> {
  return new Map(
    lessons.map((lesson) => {
      const own = readdirSync(lesson.dir)
        .filter((name) => name === 'package.json' || name.startsWith('vitest.config.'))
        .sort()
        .map((name) => [name, sha256(readFileSync(path.join(lesson.dir, name)))]);
      const hidden = setup.extraTestsDir ? path.join(setup.extraTestsDir, lesson.id) : undefined;
      const parts = [
        lesson.id,
        own,
        listing(path.join(lesson.dir, 'test')),
        // Only top-level *.test.ts files are copied beside the lesson's tests.
        hidden && isDirectory(hidden)
          ? listing(hidden, (file) => !file.includes('/') && file.endsWith('.test.ts'))
          : null,
        setup.timeoutSeconds ?? null,
        // A book recorded before the policy existed scored as `redistribute` does: graded again once.
        setup.inconclusive ?? 'defer',
      ];
      return [lesson.id, sha256(JSON.stringify(parts))];
    }),
  );
}

/** The fingerprint of `submission` for `lessons`, given their {@link setupHashes}. */
export function fingerprint(
  submission: Submission,
  lessons: readonly Lesson[],
  setup: ReadonlyMap<string, string>,
): SubmissionFingerprint {
  const byLesson = new Map(
    lessons.map((lesson) => [
      lesson.id,
      { filesHash: lessonFilesHash(submission, lesson), setupHash: setup.get(lesson.id) ?? '' },
    ]),
  );
  const ids = [...byLesson.keys()].sort();
  const filesHash = sha256(JSON.stringify(ids.map((id) => [id, byLesson.get(id)?.filesHash])));
  return { filesHash, lessons: byLesson };
}
