import { execFileSync, spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { listLessons } from '@spellbook/catalog';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

const repo = path.join(import.meta.dirname, '..', '..', '..');
const bin = path.join(import.meta.dirname, '..', 'bin', 'grade.mjs');
const course = path.join(import.meta.dirname, 'fixtures', 'course');
const fixtureSubmissions = path.join(course, 'submissions');
const work = mkdtempSync(path.join(tmpdir(), 'gradescope-package-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const S_IFMT = 0o170000;
const S_IFREG = 0o100000;
const S_IFLNK = 0o120000;

/** Each entry's Unix mode, read from the zip's central directory (fflate's unzipSync does not report it). */
function zipModes(zip: Uint8Array): Map<string, number> {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  let end = zip.byteLength - 22; // the end-of-central-directory record, unless a comment follows it
  while (end > 0 && view.getUint32(end, true) !== 0x06054b50) end--;
  const modes = new Map<string, number>();
  let at = view.getUint32(end + 16, true);
  for (let left = view.getUint16(end + 10, true); left > 0; left--) {
    expect(view.getUint32(at, true), 'a central directory entry').toBe(0x02014b50);
    const madeOnUnix = view.getUint16(at + 4, true) >> 8 === 3;
    const nameLength = view.getUint16(at + 28, true);
    const name = new TextDecoder().decode(zip.subarray(at + 46, at + 46 + nameLength));
    modes.set(name, madeOnUnix ? view.getUint32(at + 38, true) >>> 16 : 0);
    at += 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  return modes;
}

const cli = (args: string[], cwd: string) =>
  spawnSync(process.execPath, [bin, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });

/** Builds a zip from this repository's course and unpacks it, modes included, into `work/name`. */
function packageCourse(name: string, extraArgs: string[] = []) {
  const out = path.join(work, `${name}.zip`);
  const result = cli(['package', 'gradescope', '--out', out, ...extraArgs], repo);
  expect(result.status, result.stderr).toBe(0);
  const zip = readFileSync(out);
  const modes = zipModes(zip);
  const entries = unzipSync(zip);
  const dir = path.join(work, name);
  for (const [file, data] of Object.entries(entries)) {
    const target = path.join(dir, file);
    mkdirSync(path.dirname(target), { recursive: true });
    const mode = modes.get(file) ?? 0o100644;
    if ((mode & S_IFMT) === S_IFLNK) {
      symlinkSync(new TextDecoder().decode(data), target);
    } else {
      writeFileSync(target, data);
      chmodSync(target, mode & 0o777);
    }
  }
  return { entries, modes, dir, stdout: result.stdout };
}

let built: ReturnType<typeof packageCourse>;
beforeAll(() => {
  built = packageCourse('autograder');
});

describe('grade package gradescope', () => {
  test('the zip root holds setup.sh, run_autograder and the course as git tracks it', () => {
    const tracked = execFileSync('git', ['ls-files', '-z'], { cwd: repo, encoding: 'utf8' })
      .split('\0')
      .filter(
        (file) =>
          file !== '' && existsSync(path.join(repo, file)) && !lstatSync(path.join(repo, file)).isDirectory(),
      );
    expect(Object.keys(built.entries).sort()).toEqual(['run_autograder', 'setup.sh', ...tracked].sort());
    for (const name of [
      'package.json',
      'pnpm-lock.yaml',
      'pnpm-workspace.yaml',
      'packages/grader/bin/grade.mjs',
    ]) {
      expect(built.entries).toHaveProperty([name]);
    }
    expect(
      Object.keys(built.entries).filter((name) => /(^|\/)(node_modules|dist|\.graded)\//.test(name)),
    ).toEqual([]);
    expect(built.stdout).toMatch(/wrote .*autograder\.zip: \d+ files/);
  });

  test('the two scripts are executable regular files; course files keep their own modes', () => {
    for (const script of ['run_autograder', 'setup.sh']) {
      const mode = built.modes.get(script) ?? 0;
      expect(mode & S_IFMT, script).toBe(S_IFREG);
      expect(mode & 0o777, script).toBe(0o755);
    }
    expect((built.modes.get('package.json') ?? 0) & 0o777).toBe(0o644);
  });

  test('the scripts carry the versions of the course and are valid bash', () => {
    const manifest = JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8')) as {
      packageManager: string;
      engines: { node: string };
    };
    const setup = readFileSync(path.join(built.dir, 'setup.sh'), 'utf8');
    expect(setup).toContain(`PNPM_VERSION='${manifest.packageManager.replace(/^pnpm@/, '').split('+')[0]}'`);
    expect(setup).toContain(`NODE_DIST='latest-v${/\d+/.exec(manifest.engines.node)?.[0]}.x'`);
    expect(setup).toContain('pnpm install --frozen-lockfile');
    const run = readFileSync(path.join(built.dir, 'run_autograder'), 'utf8');
    expect(run).toContain("PACKAGED_GRADE_ARGS=''");
    for (const [name, text] of [
      ['setup.sh', setup],
      ['run_autograder', run],
    ] as const) {
      expect(text, name).not.toMatch(/\{\{\w+\}\}/);
      const check = spawnSync('bash', ['-n', path.join(built.dir, name)], { encoding: 'utf8' });
      expect(check.status, check.stderr).toBe(0);
    }
  });

  test('--lessons and --extra-tests are packaged: the hidden tests ship in the zip and run_autograder passes both', () => {
    const [first] = listLessons(repo);
    if (!first) throw new Error('the course has no lessons');
    const hidden = path.join(work, 'hidden');
    mkdirSync(path.join(hidden, first.id), { recursive: true });
    writeFileSync(path.join(hidden, first.id, 'secret.test.ts'), "test('secret', () => {});\n");
    const chosen = packageCourse('with-options', [
      '--lessons',
      first.id.slice(0, 2),
      '--extra-tests',
      hidden,
      '--node',
      '20.19.5',
    ]);
    expect(chosen.entries).toHaveProperty([`spellbook-hidden-tests/${first.id}/secret.test.ts`]);
    expect(readFileSync(path.join(chosen.dir, 'run_autograder'), 'utf8')).toContain(
      `PACKAGED_GRADE_ARGS='--lessons ${first.id} --extra-tests spellbook-hidden-tests'`,
    );
    expect(readFileSync(path.join(chosen.dir, 'setup.sh'), 'utf8')).toContain("NODE_DIST='v20.19.5'");
  });

  test.each([
    [['package', 'zipfile'], /unknown target "zipfile" \(the only target is gradescope\)/],
    [['package'], /target/i],
    [['package', 'gradescope', '--node', 'twenty'], /--node must be a major version/],
    [['package', 'gradescope', '--out', '/nonexistent/a.zip'], /the folder \/nonexistent does not exist/],
    [['package', 'gradescope', '--lessons', '99'], /unknown lesson "99"/],
  ])('%j exits 2 with one line', (args, message) => {
    const result = cli(args, repo);
    expect(result.status, result.stderr).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(message);
  });

  test('what git tracks goes in, as it is on disk; what it ignores stays out, and untracked files are named', () => {
    const copy = path.join(work, 'small-course');
    cpSync(course, copy, { recursive: true, filter: (source) => !source.includes(`${path.sep}submissions`) });
    const manifest = { packageManager: 'pnpm@9.15.1+sha512.abcdef', engines: { node: '>=22.12' } };
    writeFileSync(path.join(copy, 'package.json'), JSON.stringify(manifest));
    writeFileSync(path.join(copy, 'pnpm-lock.yaml'), "lockfileVersion: '9.0'\n");
    writeFileSync(path.join(copy, '.gitignore'), 'scratch/\n');
    writeFileSync(path.join(copy, 'tool.sh'), 'echo hi\n', { mode: 0o755 });
    execFileSync('git', ['init', '-q'], { cwd: copy });
    execFileSync('git', ['add', '.'], { cwd: copy });
    mkdirSync(path.join(copy, 'scratch'));
    writeFileSync(path.join(copy, 'scratch', 'ignored.txt'), 'x');
    writeFileSync(path.join(copy, 'notes.md'), 'not added');
    writeFileSync(path.join(copy, 'pnpm-workspace.yaml'), '# edited after git add\n');

    const out = path.join(work, 'small.zip');
    const result = cli(['package', 'gradescope', '--out', out], copy);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/warning: 1 file\(s\) not tracked by git were left out: notes\.md/);
    const zip = readFileSync(out);
    const entries = unzipSync(zip);
    expect(Object.keys(entries)).not.toContain('notes.md');
    expect(Object.keys(entries).filter((name) => name.startsWith('scratch/'))).toEqual([]);
    expect(new TextDecoder().decode(entries['pnpm-workspace.yaml'])).toBe('# edited after git add\n');
    expect((zipModes(zip).get('tool.sh') ?? 0) & 0o777).toBe(0o755);
    const setup = new TextDecoder().decode(entries['setup.sh']);
    expect(setup).toContain("PNPM_VERSION='9.15.1'");
    expect(setup).toContain("NODE_DIST='latest-v22.x'");
  });

  test('a course that is not a git checkout is refused in one line', () => {
    const copy = path.join(work, 'not-git');
    cpSync(course, copy, { recursive: true, filter: (source) => !source.includes(`${path.sep}submissions`) });
    const result = cli(['package', 'gradescope', '--out', path.join(work, 'x.zip')], copy);
    expect(result.status, result.stderr).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/is not a git checkout/);
    expect(existsSync(path.join(work, 'x.zip'))).toBe(false);
  });
});

interface Results {
  score: number;
  output: string;
  tests?: Array<{ name: string; score: number; max_score: number; status: string; output: string }>;
  extra_data?: { autograder?: string; maxScore?: number };
}

/** A fake /autograder: submission/ filled by `fill`, and an empty results/. */
function autograderRoot(name: string, fill: (submission: string) => void): string {
  const root = path.join(work, 'runs', name);
  mkdirSync(path.join(root, 'submission'), { recursive: true });
  mkdirSync(path.join(root, 'results'), { recursive: true });
  fill(path.join(root, 'submission'));
  return root;
}

function runAutograder(root: string, env: Record<string, string> = {}) {
  const result = spawnSync('bash', [path.join(built.dir, 'run_autograder')], {
    encoding: 'utf8',
    env: { ...process.env, AUTOGRADER_ROOT: root, SPELLBOOK_COURSE_DIR: course, ...env },
    timeout: 100_000,
  });
  expect(result.status, result.stderr).toBe(0);
  return { results: readResults(root), stderr: result.stderr };
}

const readResults = (root: string): Results =>
  JSON.parse(readFileSync(path.join(root, 'results', 'results.json'), 'utf8')) as Results;

/** A stand-in for the grade command, for what the real one should never do. */
function fakeGrader(name: string, body: string): string {
  const file = path.join(work, `${name}.sh`);
  writeFileSync(file, `#!/usr/bin/env bash\n${body}\n`, { mode: 0o755 });
  return file;
}

describe('run_autograder, run from the unpacked zip against the fixture course', () => {
  test('a correct submission (its lessons/ folder) scores full marks, test by test', () => {
    const root = autograderRoot('passing', (submission) =>
      cpSync(path.join(fixtureSubmissions, 'passing', 'lessons'), submission, { recursive: true }),
    );
    const { results } = runAutograder(root);
    expect(results).toMatchObject({ score: 20, extra_data: { maxScore: 20 } });
    expect(results.tests?.length).toBeGreaterThan(0);
    expect(results.tests?.every((entry) => entry.status === 'passed')).toBe(true);
    expect(existsSync(path.join(root, 'results', '.grader-results.json'))).toBe(false);
  });

  test('a wrong submission, zipped in one top folder, gets partial credit with the failure message', () => {
    const root = autograderRoot('failing', (submission) => {
      cpSync(path.join(fixtureSubmissions, 'failing'), path.join(submission, 'spellbook-main'), {
        recursive: true,
      });
      mkdirSync(path.join(submission, '__MACOSX')); // what a zip made on a Mac adds beside the folder
    });
    const { results } = runAutograder(root, { SPELLBOOK_GRADE_ARGS: '--lessons 01' });
    expect(results.score).toBeCloseTo(10 / 3, 3);
    expect(results.extra_data?.maxScore).toBe(10);
    expect(results.tests?.find((entry) => entry.status === 'failed')?.output).toMatch(/expected 1 to be 3/);
  });

  test('a submission that is not a course scores 0 with the reason the grader gave', () => {
    const root = autograderRoot('not-a-course', (submission) =>
      cpSync(path.join(fixtureSubmissions, 'not-a-course'), submission, { recursive: true }),
    );
    const { results } = runAutograder(root);
    expect(results.score).toBe(0);
    expect(results.extra_data?.autograder).toBe('rejected the submission');
    expect(results.output).toMatch(/could not be graded/);
    expect(results.output).toMatch(/not a course \(no lessons\/ folder/);
  });

  test('a grader that cannot run still leaves a valid results.json: score 0 and what to do', () => {
    const empty = path.join(work, 'empty-course');
    mkdirSync(empty, { recursive: true });
    const root = autograderRoot('not-installed', (submission) =>
      cpSync(path.join(fixtureSubmissions, 'passing'), submission, { recursive: true }),
    );
    const { results } = runAutograder(root, { SPELLBOOK_COURSE_DIR: empty });
    expect(results).toMatchObject({ score: 0, extra_data: { autograder: 'not-installed' } });
    expect(results.output).toMatch(/not set up: no grade command in .*empty-course\/node_modules\/\.bin/);
    expect(results.output).toMatch(/setup\.sh/);
  });

  test('a grader killed mid-run: score 0, the signal, and the tail of what it wrote', () => {
    const grader = fakeGrader(
      'killed',
      'echo "grading lesson 01 …" >&2\necho "out of memory, say" >&2\nkill -KILL $$',
    );
    const root = autograderRoot('killed', () => {});
    const { results } = runAutograder(root, { SPELLBOOK_GRADER: grader });
    expect(results).toMatchObject({ score: 0, extra_data: { autograder: 'grader killed by SIGKILL' } });
    expect(results.output).toMatch(/killed by SIGKILL/);
    expect(results.output).toMatch(
      /The last lines the grader wrote:\ngrading lesson 01 …\nout of memory, say$/,
    );
  });

  test('results.json exists from the start, and a stop (SIGTERM) ends the grader and says so', async () => {
    const pidFile = path.join(work, 'slow.pid');
    const grader = fakeGrader('slow', `echo "started" >&2\necho $$ > '${pidFile}'\nexec sleep 60`);
    const root = autograderRoot('stopped', () => {});
    const child = spawn('bash', [path.join(built.dir, 'run_autograder')], {
      env: { ...process.env, AUTOGRADER_ROOT: root, SPELLBOOK_COURSE_DIR: course, SPELLBOOK_GRADER: grader },
      stdio: 'ignore',
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    while (!existsSync(pidFile) || readFileSync(pidFile, 'utf8').trim() === '') {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(readResults(root)).toMatchObject({ score: 0, extra_data: { autograder: 'unfinished' } });
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    const results = readResults(root);
    expect(results).toMatchObject({ score: 0, extra_data: { autograder: 'stopped by SIGTERM' } });
    expect(results.output).toMatch(/stopped \(SIGTERM\)[^]*started$/);
    const pid = readFileSync(pidFile, 'utf8').trim();
    const state = spawnSync('ps', ['-o', 'stat=', '-p', pid], { encoding: 'utf8' }).stdout.trim();
    expect(state === '' || state.startsWith('Z'), `the grader should be gone, not "${state}"`).toBe(true);
  });
});
