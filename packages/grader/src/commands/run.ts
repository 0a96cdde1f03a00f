/**
 * Running one citty command from the command line with the grader's rules:
 * `--help` prints the usage made from the same definition; an unknown option
 * or a stray argument is a usage error; every usage or input error is one
 * line and exit status 2; a failure of the grader itself is exit status 1.
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
import { UsageError } from '../inputs.ts';

/**
 * A positional argument that takes every remaining argument, e.g. the
 * reports of `grade merge a.json b.json …`. citty assigns it only the first;
 * the command reads them all from `args._`.
 */
export type VariadicArgDef = PositionalArgDef & { readonly variadic: true };

function isVariadic(def: ArgDef): boolean {
  return def.type === 'positional' && (def as Partial<VariadicArgDef>).variadic === true;
}

/** Options given that `args` does not define, e.g. a misspelt `--jsn`. */
function unknownOptions(args: ArgsDef, rawArgs: readonly string[]): string[] {
  const known = new Set(
    Object.entries(args)
      .filter(([, def]) => def.type !== 'positional')
      .flatMap(([name]) => [`--${name}`, `--no-${name}`]),
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

/** Runs `command` on `rawArgs` and returns the exit status. `name` prefixes error lines. */
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
    const extra = declared.some(isVariadic) ? [] : positionals(args, rawArgs).slice(declared.length);
    if (extra.length > 0) throw new UsageError(`unexpected argument ${extra.join(' ')} (see --help)`);
    await runCommand(command, { rawArgs });
    return 0;
  } catch (error) {
    if (error instanceof UsageError || (error as { name?: string }).name === 'CLIError') {
      console.error(`${name}: ${(error as Error).message}`);
      return 2;
    }
    console.error(`${name}: the grader failed: ${(error as Error).stack ?? String(error)}`);
    return 1;
  }
}
