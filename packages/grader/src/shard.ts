/**
 * `--shard I/N`: one of N slices of a class, so that N machines (or N CI
 * jobs) can grade a class together and `grade merge` can join their reports.
 *
 * The slices are round-robin over the submission ids in sorted order: the
 * k-th id (counting from 0) goes to slice k mod N + 1. Every machine that
 * sees the same class folder makes the same slices, each submission is in
 * exactly one, and their sizes differ by at most one.
 *
 * @module
 */
import { UsageError } from '@spellbook/catalog';

/** A slice: `index` of `count`, counting from 1. */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

/** Reads `--shard I/N`; undefined when absent. */
export function parseShard(value: string | undefined): Shard | undefined {
  if (value === undefined) return undefined;
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(value);
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || index < 1 || index > count) {
    throw new UsageError(`--shard must be I/N with 1 ≤ I ≤ N, e.g. 2/4, got "${value}"`);
  }
  return { index, count };
}

/** The submissions of slice `shard`, in sorted order. */
export function pickShard<T extends { readonly id: string }>(items: readonly T[], shard: Shard): T[] {
  return [...items]
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .filter((_, position) => position % shard.count === shard.index - 1);
}
