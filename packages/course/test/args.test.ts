/**
 * Mistakes on the command line, for every command: one line on stderr that
 * says what was wrong, exit status 2, no stack trace, nothing done.
 */
import { describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { copyCourse, course, exerciseFile, progressOf, usageErrorLine } from './helpers.ts';

const unknownLesson =
  /unknown lesson "(.*)": give its number or folder name, e\.g\. 1 or 01-counting-stars \(lessons 01–03; see `pnpm course`\)$/;

describe('bad arguments', () => {
  test.each([
    { command: 'hint 9', line: unknownLesson },
    { command: 'hint counting-stars', line: unknownLesson },
    { command: 'watch 04', line: unknownLesson },
    { command: 'reset 1-counting-stars --yes', line: unknownLesson },
    { command: 'solution nope --force', line: unknownLesson },
    { command: 'reset', line: /^course reset: Missing required positional argument: LESSON$/ },
    { command: 'solution', line: /^course solution: Missing required positional argument: LESSON$/ },
    { command: 'hint 1 2', line: /^course hint: unexpected argument 2 \(see --help\)$/ },
    { command: 'verify now', line: /^course verify: unexpected argument now \(see --help\)$/ },
    { command: 'watch --pol', line: /^course watch: unknown option --pol \(see --help\)$/ },
    { command: '--bogus', line: /^course: unknown option --bogus \(see --help\)$/ },
    {
      command: 'frobnicate',
      line: /^course: unknown command "frobnicate" \(commands: list, watch, hint, reset, solution, notebook, verify; see --help\)$/,
    },
  ])('course $command → exit 2 and one line', ({ command, line }) => {
    const root = copyCourse({ git: false });
    const before = readFileSync(exerciseFile(root, '01-counting-stars'), 'utf8');
    const result = course(root, command.split(' '));
    expect(usageErrorLine(result)).toMatch(line);
    expect(result.stdout).toBe('');
    // Nothing was done: no progress written, no file touched.
    expect(progressOf(root)).toBeUndefined();
    expect(readFileSync(exerciseFile(root, '01-counting-stars'), 'utf8')).toBe(before);
  });

  test('--help for the whole companion and for each command, exit 0', () => {
    const root = copyCourse({ git: false });
    const overview = course(root, ['--help']);
    expect(overview.status).toBe(0);
    for (const command of ['list', 'watch', 'hint', 'reset', 'solution', 'verify']) {
      expect(overview.stdout).toContain(command);
    }
    const watch = course(root, ['watch', '--help']);
    expect(watch.status).toBe(0);
    expect(watch.stdout).toContain('--poll');
    expect(course(root, ['reset', '-h']).stdout).toContain('--yes');
  });
});
