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
    throw new UsageError(`--shard must be I/N with 1 ≤ I ≤ N, or auto, e.g. 2/4, got "${value}"`);
  }
  return { index, count };
}

/**
 * Where `--shard auto` finds its slice: each runner's variables for the
 * index of a parallel job and the number of jobs, and whether the index
 * counts from 0. A Kubernetes Indexed Job gives only the index (the count
 * is the Job's `spec.completions`), so it needs `--shard auto/N`.
 */
const SHARD_SOURCES = [
  { name: 'GitLab CI', index: 'CI_NODE_INDEX', count: 'CI_NODE_TOTAL', fromZero: false },
  { name: 'CircleCI', index: 'CIRCLE_NODE_INDEX', count: 'CIRCLE_NODE_TOTAL', fromZero: true },
  {
    name: 'Buildkite',
    index: 'BUILDKITE_PARALLEL_JOB',
    count: 'BUILDKITE_PARALLEL_JOB_COUNT',
    fromZero: true,
  },
  { name: 'a Kubernetes Indexed Job', index: 'JOB_COMPLETION_INDEX', count: undefined, fromZero: true },
] as const;

/**
 * Reads `--shard I/N`, or `--shard auto` (`auto/N`) from the environment of
 * a CI matrix or a Kubernetes Indexed Job (see SHARD_SOURCES), with where it
 * was found; undefined when absent. A UsageError, in one line, when `auto`
 * finds no index, a count that disagrees with `/N`, or numbers out of range.
 */
export function resolveShard(
  value: string | undefined,
  env: Readonly<Record<string, string | undefined>> = process.env,
): { shard: Shard; from?: string } | undefined {
  const auto = value === undefined ? null : /^\s*auto\s*(?:\/\s*(\d+)\s*)?$/.exec(value);
  if (!auto) {
    const shard = parseShard(value);
    return shard ? { shard } : undefined;
  }
  const given = auto[1] === undefined ? undefined : Number(auto[1]);
  const source = SHARD_SOURCES.find((candidate) => (env[candidate.index] ?? '').trim() !== '');
  if (source === undefined) {
    const names = SHARD_SOURCES.map((candidate) => `${candidate.index} (${candidate.name})`).join(', ');
    throw new UsageError(`--shard auto found no job index in the environment (${names}); give --shard I/N`);
  }
  const whole = (text: string | undefined): number =>
    text !== undefined && /^\s*\d+\s*$/.test(text) ? Number(text) : Number.NaN;
  const index = whole(env[source.index]) + (source.fromZero ? 1 : 0);
  const found = source.count === undefined ? undefined : whole(env[source.count]);
  const from = `${source.name}'s ${source.index}${source.count === undefined ? '' : ` and ${source.count}`}`;
  if (found !== undefined && given !== undefined && found !== given) {
    throw new UsageError(`--shard auto/${given}: ${from} say${source.count ? '' : 's'} ${found} jobs`);
  }
  const count = found ?? given;
  if (count === undefined) {
    throw new UsageError(`--shard auto: ${from} gives the index but not the count; give --shard auto/N`);
  }
  if (!(Number.isInteger(index) && Number.isInteger(count) && index >= 1 && index <= count)) {
    throw new UsageError(
      `--shard auto: ${from} give${source.count ? '' : 's'} no slice I/N with 1 ≤ I ≤ N (${env[source.index]}${source.count ? ` of ${env[source.count]}` : ` of ${count}`})`,
    );
  }
  return { shard: { index, count }, from };
}

/** The submissions of slice `shard`, in sorted order. */
export function pickShard<T extends { readonly id: string }>(items: readonly T[], shard: Shard): T[] {
  return [...items]
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .filter((_, position) => position % shard.count === shard.index - 1);
}
