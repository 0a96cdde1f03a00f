/**
 * Running one citty command from the command line with the course tools'
 * rules (the grader follows the same): `--help` prints the usage made from the
 * same definition; an unknown option or a stray argument is a usage error;
 * every usage or input error is one line and exit status 2; a failure of the
 * companion itself is exit status 1.
 *
 * @module
 */
import { renderUsage, runCommand, type ArgsDef, type CommandDef } from 'citty';
import { UsageError } from './errors.ts';

/** Options given that `args` does not define, e.g. a misspelt `--pol`. */
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
 * Runs `command` on `rawArgs` and returns the exit status. `name` prefixes
 * error lines. A command may return a number to choose its own status
 * (`verify` returns 1 when a lesson does not pass).
 */
export async function runCommandLine<A extends ArgsDef>(
  name: string,
  command: CommandDef<A>,
  args: A,
  rawArgs: string[],
): Promise<number> {
  if (rawArgs.includes('--help') || rawArgs.includes('-h')) {
    console.log(await renderUsage(command));
    return 0;
  }
  try {
    const unknown = unknownOptions(args, rawArgs);
    if (unknown.length > 0) throw new UsageError(`unknown option ${unknown.join(', ')} (see --help)`);
    const declared = Object.values(args).filter((def) => def.type === 'positional');
    const extra = positionals(args, rawArgs).slice(declared.length);
    if (extra.length > 0) throw new UsageError(`unexpected argument ${extra.join(' ')} (see --help)`);
    const { result } = await runCommand(command, { rawArgs });
    return typeof result === 'number' ? result : 0;
  } catch (error) {
    if (error instanceof UsageError || (error as { name?: string }).name === 'CLIError') {
      console.error(`${name}: ${(error as Error).message}`);
      return 2;
    }
    console.error(`${name}: the companion failed: ${(error as Error).stack ?? String(error)}`);
    return 1;
  }
}
