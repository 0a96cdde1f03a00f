/**
 * Where a class report came from, written into it (the `run` of the class
 * JSON report, see reports/json.ts) so that `grade merge` can prove the
 * shards it joins make one whole class: the grader and the course commit
 * that graded it, the slice (`--shard I/N`), the whole class the slice was
 * cut from (its size and a hash of its sorted ids), and the machine each
 * slice ran on.
 *
 * @module
 */
import { createHash } from 'node:crypto';
import { isRecord, UsageError } from '@spellbook/catalog';
import { runFacts } from './facts.ts';
import { INCONCLUSIVE_POLICIES, type InconclusivePolicy } from './model.ts';
import type { Shard } from './shard.ts';

/** The machine one grading run used, and the slice it graded. */
export interface GradingMachine {
  readonly shard: Shard | null;
  readonly startedAt: string;
  /** The cores the run could really use (the test kit's `effectiveCores()`). */
  readonly cores: number;
  readonly nodeVersion: string;
  /** E.g. `linux-x64`. */
  readonly platform: string;
  /** Its limits and what it could not judge, in words (machine.ts); absent from reports made before the grader read them. */
  readonly limits?: string;
}

/** The `run` of a class report. */
export interface ClassRun {
  readonly graderVersion: string;
  /** `git rev-parse HEAD` of the course, or `unknown` outside a git checkout. */
  readonly courseCommit: string;
  /** The slice this report holds, or null for a whole class (graded whole, or merged). */
  readonly shard: Shard | null;
  /** The whole class the run was given, before `--shard` cut it. */
  readonly roster: { readonly size: number; readonly hash: string };
  /** What a timing test with no verdict did to the points (`--inconclusive`). */
  readonly inconclusive: InconclusivePolicy;
  /** One entry per grading run that made the report: one, or one per shard once merged. */
  readonly machines: readonly GradingMachine[];
}

/** How many submissions, and a hash of their sorted ids: the same class folder gives the same roster on every machine. */
export function rosterOf(ids: readonly string[]): ClassRun['roster'] {
  const sorted = [...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const hash = createHash('sha256').update(sorted.join('\n')).digest('hex').slice(0, 16);
  return { size: sorted.length, hash: `sha256:${hash}` };
}

/** The record of a grading run starting now on this machine: `ids` are the whole class's, before `shard` cut it. */
export function classRun(
  courseRoot: string,
  shard: Shard | undefined,
  ids: readonly string[],
  inconclusive: InconclusivePolicy,
  limits?: string,
): ClassRun {
  const facts = runFacts(courseRoot);
  return {
    graderVersion: facts.graderVersion,
    courseCommit: facts.courseCommit,
    shard: shard ?? null,
    roster: rosterOf(ids),
    inconclusive,
    machines: [
      {
        shard: shard ?? null,
        startedAt: facts.startedAt,
        cores: facts.cores,
        nodeVersion: facts.nodeVersion,
        platform: facts.platform,
        ...(limits !== undefined ? { limits } : {}),
      },
    ],
  };
}

const isText = (item: unknown): boolean => typeof item === 'string' && item !== '';
const isCount = (item: unknown): boolean => Number.isInteger(item) && (item as number) >= 0;
const isShard = (item: unknown): boolean =>
  item === null ||
  (isRecord(item) &&
    Number.isInteger(item['index']) &&
    Number.isInteger(item['count']) &&
    (item['index'] as number) >= 1 &&
    (item['index'] as number) <= (item['count'] as number));

/** The first thing wrong with `value` as a class report's `run`, as a reason; undefined when it is one. */
export function problemOfRun(value: unknown): string | undefined {
  if (!isRecord(value)) return 'run is not an object';
  if (!isText(value['graderVersion']) || !isText(value['courseCommit'])) {
    return 'run names no grader or commit';
  }
  if (!isShard(value['shard'])) return 'run.shard is not a slice I/N';
  const roster = value['roster'];
  if (!isRecord(roster) || !isCount(roster['size']) || !isText(roster['hash'])) {
    return 'run.roster is not a roster';
  }
  if (!INCONCLUSIVE_POLICIES.includes(value['inconclusive'] as InconclusivePolicy)) {
    return `run.inconclusive is not one of ${INCONCLUSIVE_POLICIES.join(', ')}`;
  }
  if (!Array.isArray(value['machines'])) return 'run.machines is not a list';
  for (const [m, machine] of (value['machines'] as unknown[]).entries()) {
    const ok =
      isRecord(machine) &&
      isShard(machine['shard']) &&
      isText(machine['startedAt']) &&
      isCount(machine['cores']) &&
      isText(machine['nodeVersion']) &&
      isText(machine['platform']) &&
      (machine['limits'] === undefined || isText(machine['limits']));
    if (!ok) return `run.machines[${m}] is not a machine`;
  }
  return undefined;
}

const slice = (shard: Shard): string => `${shard.index}/${shard.count}`;

/**
 * The run of the class the reports in `files` make together, after checking
 * that they are one whole class: graded by one grader version from one
 * course commit, cut from one roster, and every slice 1/N … N/N there exactly
 * once. A UsageError, in one line, for the first thing that does not fit. A
 * single report of a whole class is whole already.
 */
export function wholeClassRun(
  files: ReadonlyArray<{ readonly file: string; readonly run: ClassRun }>,
): ClassRun {
  const [first, ...rest] = files;
  if (first === undefined) {
    throw new UsageError('no reports to merge: give the class JSON reports of the shards');
  }
  for (const other of rest) {
    if (other.run.graderVersion !== first.run.graderVersion) {
      throw new UsageError(
        `${first.file} was graded by grader ${first.run.graderVersion} but ${other.file} by ${other.run.graderVersion}: grade every shard with one grader`,
      );
    }
    if (other.run.courseCommit !== first.run.courseCommit) {
      throw new UsageError(
        `${first.file} graded the course at commit ${first.run.courseCommit.slice(0, 12)} but ${other.file} at ${other.run.courseCommit.slice(0, 12)}: grade every shard from one commit`,
      );
    }
    if (other.run.inconclusive !== first.run.inconclusive) {
      throw new UsageError(
        `${first.file} scored tests with no verdict by --inconclusive ${first.run.inconclusive} but ${other.file} by ${other.run.inconclusive}: grade every shard with one policy`,
      );
    }
    if (other.run.roster.hash !== first.run.roster.hash) {
      throw new UsageError(
        `${first.file} and ${other.file} were cut from different classes (${first.run.roster.size} and ${other.run.roster.size} submissions): give every shard the same class folder`,
      );
    }
  }
  const whole = files.find(({ run }) => run.shard === null);
  if (whole !== undefined) {
    if (files.length === 1) return whole.run;
    throw new UsageError(
      `${whole.file} holds a whole class, not a shard (grade --shard I/N): merge only shards`,
    );
  }
  const count = (first.run.shard as Shard).count;
  const bySlice = new Map<number, string>();
  for (const { file, run } of files) {
    const shard = run.shard as Shard;
    if (shard.count !== count) {
      throw new UsageError(
        `${first.file} is shard ${slice(first.run.shard as Shard)} but ${file} is shard ${slice(shard)}: merge the shards of one --shard I/N`,
      );
    }
    const earlier = bySlice.get(shard.index);
    if (earlier !== undefined) {
      throw new UsageError(
        `shard ${slice(shard)} is in both ${earlier} and ${file}: give each shard's report once`,
      );
    }
    bySlice.set(shard.index, file);
  }
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((index) => !bySlice.has(index));
  if (missing.length > 0) {
    const named = missing.map((index) => `${index}/${count}`).join(', ');
    throw new UsageError(
      `shard${missing.length === 1 ? '' : 's'} ${named} ${missing.length === 1 ? 'is' : 'are'} missing: give the reports of all ${count} shards`,
    );
  }
  return {
    graderVersion: first.run.graderVersion,
    courseCommit: first.run.courseCommit,
    shard: null,
    roster: first.run.roster,
    inconclusive: first.run.inconclusive,
    machines: files.flatMap(({ run }) => run.machines),
  };
}
