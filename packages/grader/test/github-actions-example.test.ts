import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { gradeArgs } from '../src/commands/grade.ts';
import { mergeArgs } from '../src/commands/merge.ts';

// The repository has no YAML parser and this example is not worth adding one:
// these checks catch what breaks a workflow file in practice (tabs, a stray
// indent, an unclosed expression) and hold the commands to the grader's options.
const file = path.join(import.meta.dirname, '..', 'examples', 'github-actions', 'grade-class.yml');
const text = readFileSync(file, 'utf8');
const lines = text.split('\n');

/** The keys of the mapping at `indent` spaces, below the line `parent` (the whole file when undefined). */
function keysUnder(parent: string | undefined, indent: number): string[] {
  const start = parent === undefined ? 0 : lines.indexOf(parent) + 1;
  expect(start, `${parent} is in the file`).toBeGreaterThan(parent === undefined ? -1 : 0);
  const keys: string[] = [];
  for (const line of lines.slice(start)) {
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    const depth = line.length - line.trimStart().length;
    if (depth < indent) break;
    const key = depth === indent ? /^\s*([\w-]+):/.exec(line)?.[1] : undefined;
    if (key) keys.push(key);
  }
  return keys;
}

/** Each `pnpm grade …` command, folded onto one line. */
function gradeCommands(): string[] {
  const commands: string[] = [];
  lines.forEach((line, i) => {
    const inline = /^\s*(?:- )?run: (pnpm grade .*)$/.exec(line);
    if (inline?.[1]) commands.push(inline[1]);
    if (/^\s*run: >$/.test(line)) {
      const depth = (lines[i + 1] ?? '').length - (lines[i + 1] ?? '').trimStart().length;
      const folded = [];
      for (const next of lines.slice(i + 1)) {
        if (next.length - next.trimStart().length < depth || next.trim() === '') break;
        folded.push(next.trim());
      }
      if (folded[0]?.startsWith('pnpm grade')) commands.push(folded.join(' '));
    }
  });
  return commands;
}

const optionsOf = (command: string): string[] =>
  [...command.matchAll(/(?:^|\s)--([\w-]+)/g)].map((match) => match[1] ?? '');

describe('the GitHub Actions example', () => {
  test('is well-formed: spaces only, two per level, no trailing blanks, every ${{ closed', () => {
    lines.forEach((line, i) => {
      expect(line, `line ${i + 1}`).not.toMatch(/\t/);
      expect(line, `line ${i + 1}`).not.toMatch(/\s$/);
      expect((line.length - line.trimStart().length) % 2, `line ${i + 1} indentation`).toBe(0);
      expect(line.split('${{').length, `line ${i + 1}`).toBe(line.split('}}').length);
    });
  });

  test('runs on demand, reads only, and prepares, grades in shards, then merges', () => {
    expect(keysUnder(undefined, 0)).toEqual(['name', 'on', 'permissions', 'concurrency', 'jobs']);
    expect(keysUnder('on:', 2)).toEqual(['workflow_dispatch']);
    expect(keysUnder('permissions:', 2)).toEqual(['contents']);
    expect(text).toMatch(/^permissions:\n {2}contents: read$/m);
    expect(keysUnder('jobs:', 2)).toEqual(['prepare', 'grade', 'merge']);
    expect(keysUnder('  grade:', 4)).toEqual(
      expect.arrayContaining(['needs', 'runs-on', 'strategy', 'steps']),
    );
    expect(text).toMatch(/ {4}needs: prepare\n/);
    expect(text).toMatch(/ {4}needs: grade\n/);
    expect(text).toContain('shard: ${{ fromJSON(needs.prepare.outputs.shards) }}');
    // Student code runs in the grading jobs: no repository token is left in .git/config.
    const checkouts = text.match(/uses: actions\/checkout@v\d+\n\s+with:\n\s+persist-credentials: false/g);
    expect(checkouts).toHaveLength(3);
  });

  test('each shard grades its slice into shard-N.json and the merge joins them', () => {
    const [shard, merge, ...rest] = gradeCommands();
    expect(rest).toEqual([]);
    expect(shard).toContain('--shard ${{ matrix.shard }}/${{ strategy.job-total }}');
    expect(shard).toContain('--json shard-${{ matrix.shard }}.json');
    expect(text).toContain('path: shard-${{ matrix.shard }}.json');
    expect(merge).toBe('pnpm grade merge shard-*.json --json class.json --csv class.csv --markdown class.md');
    // The merged table is the run's summary.
    expect(text).toContain('run: cat class.md >> "$GITHUB_STEP_SUMMARY"');
  });

  test("uses only options the grader has (grade's and merge's own definitions)", () => {
    const [shard = '', merge = ''] = gradeCommands();
    expect(optionsOf(shard).filter((option) => !Object.hasOwn(gradeArgs, option))).toEqual([]);
    expect(optionsOf(merge).filter((option) => !Object.hasOwn(mergeArgs, option))).toEqual([]);
  });
});
