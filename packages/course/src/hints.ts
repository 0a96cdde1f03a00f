/**
 * Hints, one at a time: each ask reveals the next of the lesson's hints and
 * the count is remembered, so a hint once seen is shown again with the next
 * and never has to be asked for twice.
 *
 * @module
 */
import type { Lesson } from '@spellbook/catalog';
import { updateProgress } from './progress.ts';

/** How many of a lesson's hints are out after an ask, and whether the ask revealed a new one. */
export interface HintReveal {
  readonly revealed: number;
  readonly fresh: boolean;
}

/** Reveals the next hint of `lesson` (if any is left) and remembers it. */
export function revealNextHint(courseRoot: string, lesson: Lesson): HintReveal {
  const total = lesson.meta.hints.length;
  let reveal: HintReveal = { revealed: total, fresh: false };
  updateProgress(courseRoot, (progress) => {
    const before = Math.min(progress.hints[lesson.id] ?? 0, total);
    if (before < total) {
      progress.hints[lesson.id] = before + 1;
      reveal = { revealed: before + 1, fresh: true };
    }
  });
  return reveal;
}
