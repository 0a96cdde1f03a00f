/**
 * The starter of a lesson, as committed. The course keeps no second copy of
 * a starter: the lesson's `src/` is both the starter and the student's work.
 * So the starter is read from git's last commit (HEAD), and a lesson can be
 * reset only in a git checkout of the course.
 *
 * @module
 */
import { execFileSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { filesBelow, type Lesson } from '@spellbook/catalog';
import { shown } from './course.ts';
import { UsageError } from '@spellbook/catalog';
import { stateDir } from './progress.ts';

/** A lesson's committed starter: file contents by path relative to `src/` (with `/`). */
export type StarterFiles = ReadonlyMap<string, Buffer>;

function git(cwd: string, args: readonly string[]): Buffer {
  return execFileSync('git', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
}

/**
 * Reads the starter of `lesson` from the last commit.
 *
 * @throws UsageError when git is missing, the course is not a git checkout,
 *   or the lesson's `src/` is not in the last commit.
 */
export function readCommittedStarter(lesson: Lesson): StarterFiles {
  const srcDir = path.join(lesson.dir, 'src');
  const courseRoot = path.dirname(path.dirname(lesson.dir));
  const noStarter = `so there is no committed starter to restore ${shown(srcDir)} from`;
  const noCommit = `so there is no committed starter to restore it from`;
  try {
    git(lesson.dir, ['rev-parse', '--is-inside-work-tree']);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new UsageError(`git is not installed, ${noStarter}`);
    }
    throw new UsageError(`the course folder (${shown(courseRoot)}) is not a git checkout, ${noStarter}`);
  }
  try {
    git(lesson.dir, ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}']);
  } catch {
    throw new UsageError(`this git checkout has no commit yet, ${noStarter}`);
  }
  // Paths come out relative to the lesson folder (the command's working folder).
  const names = git(lesson.dir, ['ls-tree', '-r', '-z', '--name-only', 'HEAD', '--', 'src'])
    .toString('utf8')
    .split('\0')
    .filter(Boolean);
  if (names.length === 0) {
    throw new UsageError(`${shown(srcDir)} is not in the last commit (HEAD), ${noCommit}`);
  }
  const files = new Map<string, Buffer>();
  for (const name of names) {
    // --filters applies the checkout's line-ending rules, as a checkout of the file would.
    files.set(name.slice('src/'.length), git(lesson.dir, ['cat-file', '--filters', `HEAD:./${name}`]));
  }
  return files;
}

/** How the student's `src/` differs from the starter, by path relative to `src/`. */
export interface StarterDifference {
  readonly changed: string[];
  /** Files the student added (a worker file, a helper): not in the starter. */
  readonly added: string[];
  /** Starter files the student deleted. */
  readonly missing: string[];
}

const posix = (relative: string): string => relative.split(path.sep).join('/');

/** Compares the student's `src/` with the starter. */
export function compareWithStarter(lesson: Lesson, starter: StarterFiles): StarterDifference {
  const srcDir = path.join(lesson.dir, 'src');
  const present = filesBelow(srcDir).map(posix);
  return {
    changed: present.filter((file) => {
      const committed = starter.get(file);
      return committed !== undefined && !committed.equals(readFileSync(path.join(srcDir, file)));
    }),
    added: present.filter((file) => !starter.has(file)),
    missing: [...starter.keys()].filter((file) => !present.includes(file)),
  };
}

/** A folder name for now that sorts in time order and is valid on every file system. */
function timestamp(now: Date): string {
  return now.toISOString().replace(/[:.]/g, '-');
}

/**
 * Copies the student's whole `src/` to `.course/backups/<lesson>/<timestamp>/src`
 * and returns that folder.
 */
export function backUpSrc(courseRoot: string, lesson: Lesson, now = new Date()): string {
  const base = path.join(stateDir(courseRoot), 'backups', lesson.id, timestamp(now));
  // Two resets in the same millisecond must not share (and overwrite) one backup.
  let backup = base;
  for (let copy = 2; existsSync(backup); copy += 1) backup = `${base}-${copy}`;
  mkdirSync(path.join(backup, 'src'), { recursive: true });
  // A student may have deleted src/ altogether: then the backup is empty, and says so by being empty.
  const srcDir = path.join(lesson.dir, 'src');
  if (existsSync(srcDir)) cpSync(srcDir, path.join(backup, 'src'), { recursive: true });
  return backup;
}

/** Removes the empty folders below `dir` (not `dir` itself), deepest first. */
function removeEmptyFolders(dir: string): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const child = path.join(dir, entry.name);
    removeEmptyFolders(child);
    if (readdirSync(child).length === 0) rmdirSync(child);
  }
}

/**
 * Makes the student's `src/` the starter again: files the student added are
 * removed, the others rewritten. The `src/` folder itself stays, so a watch
 * session on it keeps watching.
 */
export function restoreStarter(lesson: Lesson, starter: StarterFiles): void {
  const srcDir = path.join(lesson.dir, 'src');
  for (const file of filesBelow(srcDir).map(posix)) {
    if (!starter.has(file)) rmSync(path.join(srcDir, file));
  }
  for (const [file, contents] of starter) {
    const target = path.join(srcDir, file);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, contents);
  }
  removeEmptyFolders(srcDir);
}
