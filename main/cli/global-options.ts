import { UsageError } from './usage-error';

/**
 * The options `docker compose` takes before the command (`docker compose -f dev.yml -p app up`),
 * which Stackpilot's commands also take after it: by the name each command knows them by.
 */
const PROJECT_FLAGS: Readonly<Record<string, string>> = {
  '-f': '--file',
  '--file': '--file',
  '-p': '--project-name',
  '--project-name': '--project-name',
  '--profile': '--profile',
  '--env-file': '--env-file',
  '--project-directory': '--project-directory',
};

/** Compose's other global options: said to be unsupported, not taken for a command. */
const NOT_YET: Readonly<Record<string, string>> = {
  '--progress': 'progress is shown as state lines',
  '--parallel': 'starts are paced by the engine’s answers',
  '--compatibility': 'containers are named <project>-<service>-<n>, as compose v2 names them',
};

export type AnsiMode = 'auto' | 'never' | 'always';

export interface GlobalOptions {
  /** `--ansi`: colour always, never, or where the stream is a terminal and NO_COLOR is unset (auto). */
  ansi?: AnsiMode;
  /** `--context NAME` / `-c NAME`: the docker context to use. */
  context?: string;
  /** The project options, as `--file VALUE` pairs, for the command to read first. */
  project: string[];
  /** The command and what follows it. */
  rest: string[];
}

/** Splits off what comes before the command; a project option without its value is a UsageError. */
export function splitGlobalOptions(argv: readonly string[]): GlobalOptions {
  const project: string[] = [];
  let context: string | undefined;
  let ansi: AnsiMode | undefined;
  let dryRun = false;
  let i = 0;
  const valueOf = (flag: string): string => {
    const value = argv[i + 1];
    if (value === undefined || value === '') throw new UsageError(`${flag} needs a value`);
    i += 2;
    return value;
  };
  while (i < argv.length) {
    const head = argv[i] ?? '';
    const eq = head.startsWith('--') ? head.indexOf('=') : -1;
    const flag = eq > 0 ? head.slice(0, eq) : head;
    const inline = eq > 0 ? head.slice(eq + 1) : undefined;
    if (flag === '--context' || flag === '-c') {
      const name = inline ?? argv[i + 1];
      if (name === undefined || name === '' || name.startsWith('-'))
        throw new UsageError(`${flag} needs a context name (stackpilot context ls lists them)`);
      context = name;
      i += inline !== undefined ? 1 : 2;
    } else if (flag === '--ansi') {
      const mode = inline ?? argv[i + 1];
      if (mode !== 'auto' && mode !== 'never' && mode !== 'always')
        throw new UsageError(`--ansi takes never, always or auto, not "${mode ?? ''}"`);
      ansi = mode;
      i += inline !== undefined ? 1 : 2;
    } else if (flag === '--dry-run' && inline === undefined) {
      dryRun = true;
      i++;
    } else if (PROJECT_FLAGS[flag]) {
      project.push(PROJECT_FLAGS[flag], inline ?? valueOf(flag));
      if (inline !== undefined) i++;
    } else if (NOT_YET[flag]) {
      throw new UsageError(`${flag} is not supported: ${NOT_YET[flag]}`);
    } else break;
  }
  const rest = argv.slice(i);
  // compose's global --dry-run: here, up's (the plan it prints); every other command acts on the engine.
  if (dryRun && rest[0] !== 'up')
    throw new UsageError(
      '--dry-run is not supported here except with up (stackpilot up --dry-run prints the plan): every other command acts on the engine',
    );
  return {
    ...(context !== undefined ? { context } : {}),
    ...(ansi !== undefined ? { ansi } : {}),
    project,
    rest: dryRun ? ['up', '--dry-run', ...rest.slice(1)] : rest,
  };
}
