/**
 * `pnpm course` — the student's companion. Exit status: 0 when the command
 * did its job, 2 for bad usage or input (one line, no stack trace), 1 when
 * the companion itself failed, and from `verify`, 1 when a lesson does not
 * pass (as any test runner would, so that scripts can rely on it).
 *
 * `pnpm course` alone lists the lessons; the other commands are named
 * first: `pnpm course watch`, `pnpm course hint 3`, … Each is a citty
 * command in `commands/`, loaded only when it is asked for; citty parses the
 * arguments and renders `--help` from the same definition, so the help text
 * cannot drift from what is accepted.
 */
import { defineCommand, renderUsage } from 'citty';
import { runCommandLine } from '@spellbook/catalog';

// Each runs its command on the arguments after its name. A loader runs the
// command itself, so that each call of runCommandLine sees one command's own
// argument types (a union of them would not type-check).
const commands = {
  list: async (rest: string[]) => {
    const { listArgs, listCommand } = await import('./commands/list.ts');
    return runCommandLine('course', listCommand, listArgs, rest, 'the companion');
  },
  watch: async (rest: string[]) => {
    const { watchArgs, watchCommand } = await import('./commands/watch.ts');
    return runCommandLine('course watch', watchCommand, watchArgs, rest, 'the companion');
  },
  hint: async (rest: string[]) => {
    const { hintArgs, hintCommand } = await import('./commands/hint.ts');
    return runCommandLine('course hint', hintCommand, hintArgs, rest, 'the companion');
  },
  reset: async (rest: string[]) => {
    const { resetArgs, resetCommand } = await import('./commands/reset.ts');
    return runCommandLine('course reset', resetCommand, resetArgs, rest, 'the companion');
  },
  solution: async (rest: string[]) => {
    const { solutionArgs, solutionCommand } = await import('./commands/solution.ts');
    return runCommandLine('course solution', solutionCommand, solutionArgs, rest, 'the companion');
  },
  notebook: async (rest: string[]) => {
    const { notebookArgs, notebookCommand } = await import('./commands/notebook.ts');
    return runCommandLine('course notebook', notebookCommand, notebookArgs, rest, 'the companion');
  },
  verify: async (rest: string[]) => {
    const { verifyArgs, verifyCommand } = await import('./commands/verify.ts');
    return runCommandLine('course verify', verifyCommand, verifyArgs, rest, 'the companion');
  },
} as const;

/** Only for `pnpm course --help`: the commands with their descriptions. */
const overview = defineCommand({
  meta: {
    name: 'course',
    description: 'The Concurrency Spellbook companion: your lessons, your progress, and what to do next',
  },
  subCommands: {
    list: () => import('./commands/list.ts').then((m) => m.listCommand),
    watch: () => import('./commands/watch.ts').then((m) => m.watchCommand),
    hint: () => import('./commands/hint.ts').then((m) => m.hintCommand),
    reset: () => import('./commands/reset.ts').then((m) => m.resetCommand),
    solution: () => import('./commands/solution.ts').then((m) => m.solutionCommand),
    verify: () => import('./commands/verify.ts').then((m) => m.verifyCommand),
    notebook: () => import('./commands/notebook.ts').then((m) => m.notebookCommand),
  },
});

async function main(rawArgs: string[]): Promise<number> {
  const [first, ...rest] = rawArgs;
  if (first === '--help' || first === '-h') {
    console.log(await renderUsage(overview));
    return 0;
  }
  if (first === undefined || first.startsWith('-')) return commands.list(rawArgs);
  if (Object.hasOwn(commands, first)) return commands[first as keyof typeof commands](rest);
  console.error(
    `course: unknown command "${first}" (commands: ${Object.keys(commands).join(', ')}; see --help)`,
  );
  return 2;
}

process.exitCode = await main(process.argv.slice(2));
