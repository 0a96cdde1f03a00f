/**
 * The parts of the course. Each lesson names its part in its metadata
 * (`"part": "waiting"`); what a part is called and what it is about are
 * written once, here. The landing page, the benchmark's headings and the root
 * README's chapter table are made from these and from the lessons, so the
 * chapter ranges they quote are counted, never typed by hand.
 *
 * @module
 */
import type { Lesson } from './discover.ts';

/** The parts of the course, in the order the story tells them. */
export const COURSE_PARTS = [
  {
    id: 'waiting',
    name: 'Waiting',
    about:
      'many requests in flight on one event loop, with `Promise.all`, bounded bands, time limits and `AbortSignal`.',
  },
  {
    id: 'thinking',
    name: 'Thinking',
    about: 'why async gives CPU work no speed-up, and how worker threads in a tinypool pool do.',
  },
  {
    id: 'choosing',
    name: 'Choosing',
    about:
      'what a worker costs when it only waits, and the rule of thumb: profile, then pick the event loop or a pool.',
  },
  {
    id: 'beyond',
    name: 'Beyond',
    about:
      'shared memory and Atomics, cancellation that really stops the workers, and a better algorithm than any number of copies.',
  },
  {
    id: 'capstone',
    name: 'Capstone',
    about:
      'the pattern real programs use: one long-lived pool fed from IO as it arrives, with a bounded queue, cancellation that keeps it warm, and a shutdown that loses nothing.',
  },
] as const;

/** The name a lesson's metadata uses for its part, e.g. `waiting`. */
export type PartId = (typeof COURSE_PARTS)[number]['id'];

/** A part of the course with the lessons that belong to it. */
export interface CoursePart {
  readonly id: PartId;
  /** The part's name, as headings print it: `Waiting`. */
  readonly name: string;
  /** What the part is about: the rest of a sentence, in Markdown. */
  readonly about: string;
  /** Its lessons, in course order; never empty. */
  readonly lessons: readonly Lesson[];
}

/** The name of the part `lesson` belongs to: `Waiting`. */
export function partName(lesson: Lesson): string {
  return COURSE_PARTS.find((part) => part.id === lesson.meta.part)?.name ?? lesson.meta.part;
}

/** The parts that hold at least one of `lessons`, in course order, each with its lessons. */
export function partsOf(lessons: readonly Lesson[]): CoursePart[] {
  return COURSE_PARTS.map((part) => ({
    ...part,
    lessons: lessons.filter((lesson) => lesson.meta.part === part.id),
  })).filter((part) => part.lessons.length > 0);
}

/**
 * The chapters of `lessons` in words: `chapter 7`, `chapters 1–3`, or
 * `chapters 1–2, 4` when the numbers have a gap.
 */
export function chapterRange(lessons: readonly Lesson[]): string {
  const numbers = lessons.map((lesson) => lesson.number).sort((a, b) => a - b);
  const runs: number[][] = [];
  for (const number of numbers) {
    const run = runs.at(-1);
    if (run && run.at(-1) === number - 1) run.push(number);
    else runs.push([number]);
  }
  const words = runs.map((run) => (run.length === 1 ? `${run[0]}` : `${run[0]}–${run.at(-1)}`));
  return `${numbers.length === 1 ? 'chapter' : 'chapters'} ${words.join(', ')}`;
}

/**
 * A heading for what `partId` is about in some setting, with its chapters:
 * `partHeading(lessons, 'waiting', 'pages over the network')` is
 * `Waiting: pages over the network (chapters 1–3)`.
 *
 * @throws Error when no lesson of `lessons` belongs to the part.
 */
export function partHeading(lessons: readonly Lesson[], partId: PartId, subject: string): string {
  const part = partsOf(lessons).find((candidate) => candidate.id === partId);
  if (!part) throw new Error(`no lesson belongs to the part "${partId}"`);
  return `${part.name}: ${subject} (${chapterRange(part.lessons)})`;
}

/**
 * The parts as a Markdown list, one line each: `- **Waiting** (chapters 1–3): many requests …`.
 * The landing page and the root README both show it.
 */
export function partsList(lessons: readonly Lesson[]): string {
  return partsOf(lessons)
    .map((part) => `- **${part.name}** (${chapterRange(part.lessons)}): ${part.about}`)
    .join('\n');
}
