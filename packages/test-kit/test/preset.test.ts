import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { exerciseRoutes, lessonConfig, resolveTarget } from '../src/preset.ts';

const courseRoot = path.resolve(import.meta.dirname, '../../..');
const lessonDir = path.join(courseRoot, 'lessons', '01-the-long-road');

describe('COURSE_TARGET', () => {
  test('unset or "starter" means the lesson itself', () => {
    expect(resolveTarget(lessonDir, undefined)).toEqual({ kind: 'starter', folder: lessonDir });
    expect(resolveTarget(lessonDir, 'starter')).toEqual({ kind: 'starter', folder: lessonDir });
  });

  test('"solution" means the mirrored folder under solutions/', () => {
    expect(resolveTarget(lessonDir, 'solution')).toEqual({
      kind: 'solution',
      folder: path.join(courseRoot, 'solutions', '01-the-long-road'),
    });
  });

  test('a path means a submission lesson folder with a src/', () => {
    const submission = mkdtempSync(path.join(tmpdir(), 'submission-'));
    mkdirSync(path.join(submission, 'src'));
    expect(resolveTarget(lessonDir, submission)).toEqual({ kind: 'submission', folder: submission });
  });

  test('a folder without src/ is refused with a message that says what to give', () => {
    expect(() => resolveTarget(lessonDir, tmpdir())).toThrow(/no src\/ folder.*Use "solution", "starter"/s);
  });
});

describe('the exercise switch on every platform', () => {
  // Vite names modules with forward slashes everywhere; Node's path on
  // Windows joins with backslashes. Each platform's rules are checked from
  // this one with path.win32 and path.posix.
  const provided = ['src/sum-range-worker.ts'];
  const platforms = [
    {
      name: 'Windows',
      paths: path.win32,
      lesson: String.raw`C:\Users\ada\spellbook\lessons\06-too-many-copies`,
      solution: String.raw`C:\Users\ada\spellbook\solutions\06-too-many-copies`,
      // What Vite hands the plugin: forward slashes, and here a drive letter in the other case.
      vite: (file: string) => file.replaceAll('\\', '/').replace(/^C:/, 'c:'),
    },
    {
      name: 'macOS and Linux',
      paths: path.posix,
      lesson: '/Users/ada/spellbook/lessons/06-too-many-copies',
      solution: '/Users/ada/spellbook/solutions/06-too-many-copies',
      vite: (file: string) => file,
    },
  ];

  for (const { name, paths, lesson, solution, vite } of platforms) {
    const routes = exerciseRoutes(lesson, { kind: 'solution', folder: solution }, provided, solution, paths);
    const testFile = vite(paths.join(lesson, 'test', 'how-many-copies.test.ts'));
    const forVite = (file: string) => file.split(paths.sep).join('/');

    test(`${name}: a test's ../src/ import reaches the solution's src/`, () => {
      expect(routes.resolve('../src/how-many-copies.ts', testFile)).toBe(
        forVite(paths.join(solution, 'src', 'how-many-copies.ts')),
      );
    });

    test(`${name}: a provided file reached from a test, or named by the solution, is the lesson's copy`, () => {
      const lessonCopy = forVite(paths.join(lesson, 'src', 'sum-range-worker.ts'));
      expect(routes.resolve('../src/sum-range-worker.ts', testFile)).toBe(lessonCopy);
      const solutionModule = vite(paths.join(solution, 'src', 'how-many-copies.ts'));
      expect(routes.resolve('./sum-range-worker.ts', solutionModule)).toBe(lessonCopy);
      expect(routes.rewrites(solutionModule)).toBe(true);
    });

    test(`${name}: other imports are left to Vite`, () => {
      expect(routes.resolve('vitest', testFile)).toBeNull();
      expect(routes.resolve('../../../packages/test-kit/src/index.ts', testFile)).toBeNull();
      expect(routes.resolve('./how-many-copies.ts', vite(paths.join(lesson, 'src', 'other.ts')))).toBeNull();
      expect(routes.rewrites(vite(paths.join(lesson, 'src', 'other.ts')))).toBe(false);
    });
  }

  test('the starter is left alone', () => {
    const routes = exerciseRoutes(lessonDir, { kind: 'starter', folder: lessonDir }, provided, lessonDir);
    expect(routes.resolve('../src/the-long-road.ts', path.join(lessonDir, 'test', 'x.test.ts'))).toBeNull();
  });
});

describe('the panel after a passing run', () => {
  /** `vitest run` in lesson 01 as a student runs it (`pnpm test`), against `target`. */
  function runLessonOne(target: string): { status: number | null; stdout: string } {
    const vitest = path.join(
      path.dirname(createRequire(path.join(lessonDir, 'package.json')).resolve('vitest/package.json')),
      'vitest.mjs',
    );
    const result = spawnSync(process.execPath, [vitest, 'run', '--configLoader', 'runner'], {
      cwd: lessonDir,
      encoding: 'utf8',
      // Only what a student's shell would have: none of this test run's own variables.
      env: {
        PATH: process.env['PATH'] ?? '',
        HOME: process.env['HOME'] ?? tmpdir(),
        NO_COLOR: '1',
        COURSE_TARGET: target,
      },
      timeout: 120_000,
    });
    return { status: result.status, stdout: result.stdout };
  }

  test('lists what the tests measured, one line each, and names the machine of the chapter’s tables', () => {
    const { status, stdout } = runLessonOne('solution');
    expect(status, stdout).toBe(0);
    const panel = stdout.slice(stdout.indexOf('What you measured, on this machine:'));
    expect(panel).toMatch(
      /^What you measured, on this machine:\n {2}• 5 pages, 60 ms each, one after another: \d+ ms/,
    );
    expect(panel).toMatch(/\n {2}• your timed\(\): 4 pages took \d+ ms, of which [\d.]+ ms thinking/);
    expect(panel).toContain(`The chapter's "What we measured" tables come from the authors' machine:`);
  }, 150_000);

  test('says nothing after a run that fails', () => {
    const { status, stdout } = runLessonOne('starter');
    expect(status).toBe(1);
    expect(stdout).not.toContain('What you measured');
  }, 150_000);
});

describe('measuresMemory', () => {
  test.runIf(process.platform === 'linux')(
    "fixes glibc's mmap threshold for the test processes, and leaves a value already given alone",
    () => {
      const before = process.env['MALLOC_MMAP_THRESHOLD_'];
      try {
        delete process.env['MALLOC_MMAP_THRESHOLD_'];
        lessonConfig(lessonDir);
        expect(process.env['MALLOC_MMAP_THRESHOLD_']).toBeUndefined();
        lessonConfig(lessonDir, { measuresMemory: true });
        expect(process.env['MALLOC_MMAP_THRESHOLD_']).toBe('131072');
        process.env['MALLOC_MMAP_THRESHOLD_'] = '65536';
        lessonConfig(lessonDir, { measuresMemory: true });
        expect(process.env['MALLOC_MMAP_THRESHOLD_']).toBe('65536');
      } finally {
        if (before === undefined) delete process.env['MALLOC_MMAP_THRESHOLD_'];
        else process.env['MALLOC_MMAP_THRESHOLD_'] = before;
      }
    },
  );
});
