/**
 * A Gradescope autograder zip. Gradescope unpacks the zip into
 * /autograder/source, runs its `setup.sh` once to build an image, and runs
 * `run_autograder` for every submission. So the zip is the course itself
 * (its git-tracked files) with those two scripts beside it at the root, and
 * /autograder/source is an ordinary checkout of the course that `pnpm install`
 * and `pnpm grade` work in. The scripts are templates in
 * `packaging/gradescope/`, filled in here with the versions the course uses.
 *
 * @module
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { zipSync, type Zippable } from 'fflate';
import { UsageError } from '@spellbook/catalog';
import { folderFiles, trackedFiles, untrackedFiles, type ArchiveFile } from './files.ts';

/** The folder of the script templates. */
export const GRADESCOPE_TEMPLATES = path.join(import.meta.dirname, '..', '..', 'packaging', 'gradescope');

/** Where `--extra-tests` go inside the zip, next to the course (so, in /autograder/source). */
export const HIDDEN_TESTS_FOLDER = 'spellbook-hidden-tests';

/** What to build the autograder from. */
export interface GradescopeOptions {
  /** The course root: the folder with pnpm-workspace.yaml, package.json and lessons/. */
  readonly courseRoot: string;
  /** Node.js for the image: a major line (`20`) or an exact version (`20.19.5`); default: the course's engines.node. */
  readonly node?: string;
  /** Lesson ids to grade; all when absent. */
  readonly lessons?: readonly string[];
  /** A folder of hidden tests, `NN-slug/*.test.ts`, shipped in the zip and run beside the course's own. */
  readonly extraTestsDir?: string;
}

/** A built autograder: the zip's bytes, and what went into it. */
export interface GradescopeAutograder {
  readonly zip: Uint8Array;
  readonly files: readonly ArchiveFile[];
  readonly pnpmVersion: string;
  /** The nodejs.org/dist folder setup.sh downloads from: `latest-v20.x` or `v20.19.5`. */
  readonly nodeDist: string;
  /** Files in the course folder that git does not track (and does not ignore), so left out. */
  readonly untracked: readonly string[];
}

interface CourseManifest {
  packageManager?: unknown;
  engines?: { node?: unknown };
}

/** `value` when it is a string, else '' (a manifest is whatever JSON the course holds). */
const text = (value: unknown): string => (typeof value === 'string' ? value : '');

function readManifest(courseRoot: string): CourseManifest {
  const file = path.join(courseRoot, 'package.json');
  if (!existsSync(file)) throw new UsageError(`${file} is missing; it names the pnpm version to install`);
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as CourseManifest;
  } catch (error) {
    throw new UsageError(`${file} is not valid JSON: ${(error as Error).message}`);
  }
}

/** The exact pnpm version from `"packageManager": "pnpm@10.34.9+sha512…"`. */
function pnpmVersion(manifest: CourseManifest): string {
  const match = /^pnpm@(\d+\.\d+\.\d+(?:-[\w.]+)?)(?:\+.*)?$/.exec(text(manifest.packageManager));
  if (!match?.[1]) {
    throw new UsageError(
      'the course package.json needs "packageManager": "pnpm@X.Y.Z" (the pnpm the autograder installs)',
    );
  }
  return match[1];
}

/**
 * The nodejs.org/dist folder for `wanted` (`20` → `latest-v20.x`, `20.19.5` →
 * `v20.19.5`), by default for the lowest major that the course's engines.node
 * allows (`>=20.19` → 20), else Node 20.
 */
function nodeDist(manifest: CourseManifest, wanted: string | undefined): string {
  if (wanted !== undefined) {
    const version = wanted.replace(/^v/, '');
    if (/^\d+$/.test(version)) return `latest-v${version}.x`;
    if (/^\d+\.\d+\.\d+$/.test(version)) return `v${version}`;
    throw new UsageError(`--node must be a major version (20) or an exact one (20.19.5), got "${wanted}"`);
  }
  const major = /\d+/.exec(text(manifest.engines?.node))?.[0] ?? '20';
  return `latest-v${major}.x`;
}

/** `template` with every `{{NAME}}` replaced; a name without a value is a bug in the template. */
export function fillTemplate(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_match, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`template placeholder {{${name}}} has no value`);
    return value;
  });
}

function script(name: string, values: Readonly<Record<string, string>>): ArchiveFile {
  const text = fillTemplate(readFileSync(path.join(GRADESCOPE_TEMPLATES, name), 'utf8'), values);
  return { name, data: new TextEncoder().encode(text), mode: 0o100755 };
}

/** Builds the autograder zip for the course at `options.courseRoot`. */
export function gradescopeAutograder(options: GradescopeOptions): GradescopeAutograder {
  const { courseRoot } = options;
  const course = trackedFiles(courseRoot);
  const manifest = readManifest(courseRoot);
  const pnpm = pnpmVersion(manifest);
  const dist = nodeDist(manifest, options.node);
  if (!course.some((file) => file.name === 'pnpm-lock.yaml')) {
    throw new UsageError('pnpm-lock.yaml is not tracked by git; setup.sh installs with --frozen-lockfile');
  }
  const hidden = options.extraTestsDir ? folderFiles(options.extraTestsDir, HIDDEN_TESTS_FOLDER) : [];
  // Shell words with no quoting: lesson ids are [0-9a-z-] and the folder name is fixed.
  const gradeArgs = [
    ...(options.lessons ? ['--lessons', options.lessons.join(',')] : []),
    ...(hidden.length > 0 ? ['--extra-tests', HIDDEN_TESTS_FOLDER] : []),
  ].join(' ');
  const scripts = [
    script('setup.sh', { NODE_DIST: dist, PNPM_VERSION: pnpm }),
    script('run_autograder', { GRADE_ARGS: gradeArgs }),
  ];

  const ours = new Set([...scripts.map((file) => file.name), HIDDEN_TESTS_FOLDER]);
  const clash = course.find((file) => ours.has(file.name) || file.name.startsWith(`${HIDDEN_TESTS_FOLDER}/`));
  if (clash) {
    throw new UsageError(`the course has its own ${clash.name}, which the autograder zip needs for itself`);
  }

  const files = [...scripts, ...course, ...hidden];
  const zippable: Zippable = {};
  for (const file of files) {
    // os 3 (Unix) makes unzip read the high 16 bits of the external attributes as the file's mode.
    zippable[file.name] = [file.data, { os: 3, attrs: file.mode * 0x10000 }];
  }
  return {
    zip: zipSync(zippable, { level: 6 }),
    files,
    pnpmVersion: pnpm,
    nodeDist: dist,
    untracked: untrackedFiles(courseRoot),
  };
}
