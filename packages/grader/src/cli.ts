/**
 * `pnpm grade` — the grader's command line. Exit status: 0 when the command
 * completed (whatever the scores), 2 for bad usage or input (one line, no
 * stack trace), 1 when the grader itself failed.
 *
 * `pnpm grade [options]` grades; the other commands are named first:
 * `pnpm grade export …`, `pnpm grade merge …`, `pnpm grade package …`. Each
 * is a citty command in `commands/`, loaded only when it is asked for; citty
 * parses the arguments and renders `--help` from the same definition, so the
 * help text cannot drift from what is accepted.
 */
import { runCommandLine } from '@spellbook/catalog';

// Each runs its command on the arguments after its name. A loader runs the
// command itself, so that each call of runCommandLine sees one command's own
// argument types (a union of them would not type-check).
const subcommands = {
  export: async (rest: string[]) => {
    const { exportArgs, exportCommand } = await import('./commands/export.ts');
    return runCommandLine('grade export', exportCommand, exportArgs, rest, 'the grader');
  },
  merge: async (rest: string[]) => {
    const { mergeArgs, mergeCommand } = await import('./commands/merge.ts');
    return runCommandLine('grade merge', mergeCommand, mergeArgs, rest, 'the grader');
  },
  package: async (rest: string[]) => {
    const { packageArgs, packageCommand } = await import('./commands/package.ts');
    return runCommandLine('grade package', packageCommand, packageArgs, rest, 'the grader');
  },
} as const;

async function main(rawArgs: string[]): Promise<number> {
  const [first, ...rest] = rawArgs;
  if (first !== undefined && Object.hasOwn(subcommands, first)) {
    return subcommands[first as keyof typeof subcommands](rest);
  }
  const { gradeArgs, gradeCommand } = await import('./commands/grade.ts');
  return runCommandLine('grade', gradeCommand, gradeArgs, rawArgs, 'the grader');
}

process.exitCode = await main(process.argv.slice(2));
