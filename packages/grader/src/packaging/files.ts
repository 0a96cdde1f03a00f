/**
 * The files that go into a package: the course as git tracks it, and any
 * other folder copied whole. Git decides what belongs to the course, so
 * node_modules, build output and the grader's scratch folders stay out
 * without a list of exclusions to keep up to date.
 *
 * @module
 */
import { execFileSync } from 'node:child_process';
import { lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '@spellbook/catalog';

/** One file to put into an archive. */
export interface ArchiveFile {
  /** Its path inside the archive, with forward slashes. */
  readonly name: string;
  /** Its bytes; for a symbolic link, the link's target. */
  readonly data: Uint8Array;
  /** Its Unix mode, type bits included: 0o100644, 0o100755, or 0o120777 for a symbolic link. */
  readonly mode: number;
}

/** The entry for `file`, or undefined for what is not a file (a submodule's folder, a deleted file). */
function archiveFile(file: string, name: string): ArchiveFile | undefined {
  let stats;
  try {
    stats = lstatSync(file);
  } catch {
    return undefined; // tracked but deleted from the working tree: it is not part of the course any more
  }
  if (stats.isSymbolicLink()) {
    return { name, data: new TextEncoder().encode(readlinkSync(file)), mode: 0o120777 };
  }
  if (!stats.isFile()) return undefined;
  // Only the executable bit is kept: the rest of the mode is the packager's umask, not the course's.
  return { name, data: readFileSync(file), mode: stats.mode & 0o111 ? 0o100755 : 0o100644 };
}

/**
 * The files git tracks below `root`, as they are in the working tree, named
 * relative to `root`. Throws a {@link UsageError} when `root` is not in a git
 * checkout or git is missing.
 */
export function trackedFiles(root: string): ArchiveFile[] {
  let listing: string;
  try {
    listing = execFileSync('git', ['ls-files', '-z', '--cached'], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (error) {
    const { code, stderr } = error as { code?: string; stderr?: string };
    if (code === 'ENOENT') {
      throw new UsageError('git is not installed (the course files are the ones git tracks)');
    }
    const reason = stderr?.trim().split('\n')[0] ?? String(error);
    throw new UsageError(
      `${root} is not a git checkout (${reason}); the package takes the course files that git tracks`,
    );
  }
  return listing
    .split('\0')
    .filter((name) => name !== '')
    .sort()
    .flatMap((name) => archiveFile(path.join(root, name), name) ?? []);
}

/**
 * The files below `root` that git neither tracks nor ignores: left out of the
 * package, which is worth a warning (a new file that was never `git add`ed).
 */
export function untrackedFiles(root: string): string[] {
  try {
    const listing = execFileSync('git', ['ls-files', '-z', '--others', '--exclude-standard'], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      maxBuffer: 64 * 1024 * 1024,
    });
    return listing.split('\0').filter((name) => name !== '');
  } catch {
    return []; // only a warning: trackedFiles has already said what is wrong with the checkout
  }
}

/** Every file below `dir`, named `prefix/` + its path inside `dir`. */
export function folderFiles(dir: string, prefix: string): ArchiveFile[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .sort()
    .flatMap(
      (relative) =>
        archiveFile(path.join(dir, relative), `${prefix}/${relative.split(path.sep).join('/')}`) ?? [],
    );
}
