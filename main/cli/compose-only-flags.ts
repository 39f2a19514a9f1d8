/**
 * docker compose's flags that Stackpilot does not take, each with why: typed from habit, they are
 * refused with the reason (never silently dropped), so the user knows what runs differently.
 */
const EVERYWHERE: Readonly<Record<string, string>> = {
  '--dry-run': 'only up takes it here (it prints the plan); every other command acts on the engine',
};

/** Flags of EVERYWHERE that some commands do take. */
const TAKEN_BY: Readonly<Record<string, readonly string[]>> = { '--dry-run': ['up'] };

const BY_COMMAND: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  up: {
    '--always-recreate-deps': 'dependencies are recreated when their configuration changed, else kept',
    '--renew-anon-volumes': 'anonymous volumes are kept across recreation',
    '-V': 'anonymous volumes are kept across recreation (--renew-anon-volumes)',
    '--menu': 'there is no interactive menu; the window is the interactive face',
  },
  create: { '--remove-orphans': 'use stackpilot up --remove-orphans', '--scale': 'use stackpilot up --scale' },
  build: {
    '--builder': "the engine's own builder is used",
    '--ssh': 'build secrets over SSH are not forwarded',
    '--memory': "the engine's build has no memory limit here",
    '-m': "the engine's build has no memory limit here",
  },
  config: {
    '--no-consistency': 'the files are always checked',
    '--no-path-resolution': 'paths are always resolved',
    '--variables': 'stackpilot config prints the resolved model',
  },
  kill: { '--remove-orphans': 'use stackpilot down --remove-orphans' },
  ps: {
    '--no-trunc': 'ps -q prints whole IDs; --format json has them too',
    '--orphans': 'orphans are named in a warning under the table',
  },
  stats: {
    '-a': 'the stack’s running containers are shown',
    '--all': 'the stack’s running containers are shown',
    '--no-trunc': 'names are shown, not IDs',
  },
};

/** Why `option` of docker compose's `command` is not taken here; undefined when compose has no such option. */
export function composeOnlyFlag(command: string, option: string): string | undefined {
  const flag = option.split('=')[0] ?? option;
  if (TAKEN_BY[flag]?.includes(command)) return undefined;
  return BY_COMMAND[command]?.[flag] ?? EVERYWHERE[flag];
}
