/**
 * `verify-lesson [lesson folder] [--stage all|untimed|timed]` — the author's
 * self-check of one lesson. `--stage` picks the part of a timing lesson's
 * check to run (see `VerifyStage` in verify.ts); without it, the variable
 * `COURSE_VERIFY_STAGE` decides (the root `pnpm test` sets it for each of its
 * stages), and without that, everything runs.
 * Exit status: 0 all findings good, 1 a finding failed, 2 bad usage.
 */
import { parseArgs } from 'node:util';
import pc from 'picocolors';
import { readLesson } from '../discover.ts';
import { verifyLesson, type Finding, type VerifyStage } from '../verify.ts';

function fail(message: string): never {
  console.error(`verify-lesson: ${message}`);
  process.exit(2);
}

const STAGES: readonly VerifyStage[] = ['all', 'untimed', 'timed'];

let lessonDir = '.';
let stage: VerifyStage = 'all';
try {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { stage: { type: 'string' } },
  });
  if (positionals.length > 1) fail('give at most one lesson folder');
  lessonDir = positionals[0] ?? '.';
  const asked = values.stage ?? process.env['COURSE_VERIFY_STAGE'] ?? 'all';
  const from = values.stage === undefined ? 'COURSE_VERIFY_STAGE' : '--stage';
  if (!STAGES.includes(asked as VerifyStage)) {
    fail(`${from} must be one of ${STAGES.join(', ')}, not "${asked}"`);
  }
  stage = asked as VerifyStage;
} catch (error) {
  fail((error as Error).message);
}

let lesson;
try {
  lesson = readLesson(lessonDir);
} catch (error) {
  fail((error as Error).message);
}

const print = (finding: Finding): void => {
  const mark = finding.ok ? pc.green('✓') : pc.red('✗');
  console.log(`${mark} ${lesson.id}: ${finding.title}`);
  for (const detail of finding.details) console.log(`    ${finding.ok ? pc.dim(detail) : detail}`);
};

const part = lesson.meta.timingSensitive && stage !== 'all' ? ` (the ${stage} part of its self-check)` : '';
const findings = await verifyLesson(lesson, print, stage);
const failed = findings.filter((finding) => !finding.ok).length;
console.log(`${lesson.id}: ${findings.length - failed} passed, ${failed} failed${part}`);
process.exitCode = failed === 0 ? 0 : 1;
