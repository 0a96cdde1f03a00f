/**
 * The lesson metadata schema. Every lesson's `package.json` carries a `course`
 * key; this is the one place that says what it may hold, and the only code
 * that reads it.
 *
 * @module
 */
import { z } from 'zod';
import { COURSE_PARTS } from './parts.ts';

const identifier = /^[A-Za-z_$][\w$]*$/;

/** The schema of the `course` key in a lesson's `package.json`. */
export const lessonMetaSchema = z
  .object({
    /** The chapter number; must equal the number in the folder name. */
    chapter: z.int().positive(),
    /** The chapter's title, as the story names it. */
    title: z.string().trim().min(3),
    /** One sentence: the idea the chapter teaches. */
    summary: z.string().trim().min(10),
    /** The part of the course the chapter belongs to (`waiting`, …); parts.ts names and describes each. */
    part: z.enum(COURSE_PARTS.map((part) => part.id)),
    /** Points for passing every test of the lesson; shared equally between tests unless `testPoints` says otherwise. */
    points: z.number().positive(),
    /** Points for particular tests, by full test name; the rest of `points` is shared among the other tests. */
    testPoints: z.record(z.string(), z.number().nonnegative()).optional(),
    /** Timing-sensitive lessons measure speed and must run with nothing else beside them. */
    timingSensitive: z.boolean(),
    /** How long the whole lesson's test run may take before it is stopped. */
    timeoutSeconds: z.number().positive().max(3600),
    /** The file the student edits and the names it must export (the course's fixed contract). */
    exercise: z.object({
      file: z.string().regex(/^src\/[\w./-]+\.ts$/, 'must be a .ts file under src/'),
      exports: z.array(z.string().regex(identifier, 'must be a JavaScript identifier')).min(1),
    }),
    /**
     * Files the lesson hands the student finished, such as `src/sum-range-worker.ts`.
     * Only the starter holds them: a solution or submission names them as if
     * they sat beside its own code, the import switch sends those names to the
     * lesson's copy, and the grader puts the course's copy into every
     * submission it grades.
     */
    provided: z
      .array(
        z
          .string()
          .regex(/^src\/[\w./-]+$/, 'must be a file under src/')
          .refine((file) => !file.split('/').includes('..'), 'must not climb out of src/'),
      )
      .default([]),
    /**
     * A guess the companion's watch mode asks for before a lesson's first
     * run, shown beside what the tests then measure: one figure of one
     * timing test (its `measured()` figure `figure`, in `unit`).
     */
    prediction: z
      .object({
        /** The question, in the story's words, ending with the unit asked for. */
        question: z.string().trim().min(10),
        /** The full name of the test that measures it. */
        test: z.string().trim().min(3),
        /** The name of the figure that test records. */
        figure: z.string().regex(identifier, 'must be a figure name'),
        /** The figure's unit, as shown after a number: `ms`, `×`. */
        unit: z.string().trim().min(1).max(10),
      })
      .strict()
      .optional(),
    /** Hints revealed one at a time; the first is the gentlest. */
    hints: z
      .array(z.string().trim().min(10, 'a hint must say something'))
      .min(1, 'a lesson needs at least one hint'),
  })
  .strict();

/** A lesson's validated metadata. */
export type LessonMeta = z.infer<typeof lessonMetaSchema>;

/** Validates a `course` key and returns either the metadata or readable problems. */
export function parseLessonMeta(
  value: unknown,
): { ok: true; meta: LessonMeta } | { ok: false; problems: string[] } {
  const result = lessonMetaSchema.safeParse(value);
  if (result.success) return { ok: true, meta: result.data };
  return {
    ok: false,
    problems: result.error.issues.map((issue) => {
      const where = issue.path.length > 0 ? `course.${issue.path.join('.')}` : 'course';
      return `${where}: ${issue.message}`;
    }),
  };
}
