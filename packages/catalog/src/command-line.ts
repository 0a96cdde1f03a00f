/**
 * The course's command-line rules, shared by every tool with a command line
 * (`pnpm course`, `pnpm grade`): `--help` prints the usage made from the
 * command's own citty definition; an unknown option or a stray argument is a
 * usage error; every usage or input error is one line and exit status 2; a
 * failure of the tool itself is exit status 1 with its stack.
 *
 * @module
 */
import {
  renderUsage,
  runCommand,
  type ArgDef,
  type ArgsDef,
  type CommandDef,
  type PositionalArgDef,
} from 'citty';

/** Bad usage or input: reported in one line, exit status 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/**
 * A positional argument that takes every remaining argument, e.g. the
 * reports of `grade merge a.json b.json …`. citty assigns it only the first;
 * the command reads them all from `args._`.
 */
export type VariadicArgDef = PositionalArgDef & { readonly variadic: true };

function isVariadic(def: ArgDef): boolean {
  return def.type === 'positional' && (def as Partial<VariadicArgDef>).variadic === true;
}

/** Options given that `args` does not define (under their names or aliases), e.g. a misspelt `--pol`. */
function unknownOptions(args: ArgsDef, rawArgs: readonly string[]): string[] {
  const known = new Set(
    Object.entries(args)
      .filter(([, def]) => def.type !== 'positional')
      .flatMap(([name, def]) => {
        const aliases = 'alias' in def && def.alias !== undefined ? [def.alias].flat() : [];
        return [`--${name}`, `--no-${name}`, ...aliases.map((alias) => `-${alias}`)];
      }),
  );
  known.add('--help').add('-h');
  return rawArgs.filter((arg) => arg.startsWith('-') && !known.has(arg.split('=')[0] ?? arg));
}

/** The arguments that are not options nor the values of options. */
function positionals(args: ArgsDef, rawArgs: readonly string[]): string[] {
  const takesValue = (flag: string | undefined): boolean => {
    if (!flag?.startsWith('--') || flag.includes('=')) return false;
    const def = args[flag.slice(2)];
    return def !== undefined && def.type !== 'boolean';
  };
  return rawArgs.filter((arg, i) => !arg.startsWith('-') && !takesValue(rawArgs[i - 1]));
}

/**
 * Runs `command` on `rawArgs` and returns the exit status. `name` (such as
 * `course watch`) prefixes error lines; `tool` names the program in the line
 * for its own failures (`the companion`). A command may return a number to
 * choose its own status (`course verify` returns 1 when a lesson does not pass).
 */
export async function runCommandLine<A extends ArgsDef>(
  name: string,
  command: CommandDef<A>,
  args: A,
  rawArgs: string[],
  tool: string,
): Promise<number> {
  if (rawArgs.includes('--help') || rawArgs.includes('-h')) {
    console.log(await renderUsage(command));
    return 0;
  }
  try {
    const unknown = unknownOptions(args, rawArgs);
    if (unknown.length > 0) throw new UsageError(`unknown option ${unknown.join(', ')} (see --help)`);
    const declared = Object.values(args).filter((def) => def.type === 'positional');
    const extra = declared.some(isVariadic) ? [] : positionals(args, rawArgs).slice(declared.length);
    if (extra.length > 0) throw new UsageError(`unexpected argument ${extra.join(' ')} (see --help)`);
    const { result } = await runCommand(command, { rawArgs });
    return typeof result === 'number' ? result : 0;
  } catch (error) {
    if (error instanceof UsageError || (error as { name?: string }).name === 'CLIError') {
      console.error(`${name}: ${(error as Error).message}`);
      return 2;
    }
    console.error(`${name}: ${tool} failed: ${(error as Error).stack ?? String(error)}`);
    return 1;
  }
}
