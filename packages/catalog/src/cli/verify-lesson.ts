/**
 * `verify-lesson [lesson folder]` — the author's self-check of one lesson.
 * Exit status: 0 all findings good, 1 a finding failed, 2 bad usage.
 */
import { parseArgs } from 'node:util';
import pc from 'picocolors';
import { readLesson } from '../discover.ts';
import { verifyLesson, type Finding } from '../verify.ts';

function fail(message: string): never {
  console.error(`verify-lesson: ${message}`);
  process.exit(2);
}

let lessonDir = '.';
try {
  const { positionals } = parseArgs({ allowPositionals: true, options: {} });
  if (positionals.length > 1) fail('give at most one lesson folder');
  lessonDir = positionals[0] ?? '.';
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

const findings = await verifyLesson(lesson, print);
const failed = findings.filter((finding) => !finding.ok).length;
console.log(`${lesson.id}: ${findings.length - failed} passed, ${failed} failed`);
process.exitCode = failed === 0 ? 0 : 1;
