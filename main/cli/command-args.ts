import { readDotenv } from '../orchestrator/compose/env-files';
import type { Stack } from '../orchestrator/compose/model';
import type { CliIO } from './io';
import { UsageError } from './stack-options';

/** What exec and run both take before SERVICE. */
export interface SharedRunOptions {
  stackArgs: string[];
  tty?: boolean;
  env: string[];
  user?: string;
  workdir?: string;
}

const STACK_FLAGS = ['-f', '--file', '-p', '--project-name', '--project-directory', '--profile', '--env-file'];

/**
 * Reads the options before SERVICE, as exec and run take them (what follows SERVICE is the command,
 * flags and all). `own` takes the command's own flags: true when it took one (`value()` reads its value).
 */
export function readLeadingOptions(
  command: string,
  args: readonly string[],
  own: (flag: string, value: () => string) => boolean,
): { shared: SharedRunOptions; service: string | undefined; rest: string[] } {
  const shared: SharedRunOptions = { stackArgs: [], env: [] };
  let i = 0;
  const value = (): string => {
    const flag = args[i] ?? '';
    const v = args[++i];
    if (v === undefined) throw new UsageError(`${flag} needs a value`);
    return v;
  };
  for (; i < args.length; i++) {
    const a = args[i] ?? '';
    if (!a.startsWith('-')) break;
    // The command's own flags first: run's -p is --publish, as in compose (the project's -p comes before the command).
    if (own(a, value)) continue;
    if (a === '-T' || a === '--no-TTY' || a === '--no-tty') shared.tty = false;
    else if (a === '-t' || a === '--tty' || a === '-it' || a === '-ti') shared.tty = true;
    else if (a === '-i' || a === '--interactive')
      continue; // stdin is always attached, as in compose
    else if (a === '-e' || a === '--env') shared.env.push(value());
    else if (a === '-u' || a === '--user') shared.user = value();
    else if (a === '-w' || a === '--workdir') shared.workdir = value();
    else if (STACK_FLAGS.includes(a)) shared.stackArgs.push(a, value());
    else throw new UsageError(`${command}: unknown option ${a}`);
  }
  return { shared, service: args[i], rest: args.slice(i + 1) };
}

/**
 * `-e NAME` with no value takes the project's: the shell's, else the .env's (or --env-file's); a name
 * set nowhere is left out, so the image's own value stays, as compose resolves it.
 */
export function withProjectValues(env: readonly string[], shell: CliIO['env'], stack: Stack): string[] {
  if (env.every((e) => e.includes('='))) return [...env];
  const dotenv = readDotenv({ files: stack.envFiles, named: false }, shell, []);
  return env.flatMap((e) => {
    if (e.includes('=')) return [e];
    const value = shell[e] ?? dotenv.get(e);
    return value === undefined ? [] : [`${e}=${value}`];
  });
}
