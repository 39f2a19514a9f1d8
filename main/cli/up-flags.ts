import type { Stack } from '../orchestrator/compose/model';
import type { UpOptions } from '../orchestrator/runtime/up-options';
import type { Confirm } from '../orchestrator/runtime/resources';
import { UsageError } from './stack-options';
import type { StackArgs } from './stack-options';

/** How `up` runs: waits until ready (the default, as `up --wait`), returns once started (-d), or stays attached. */
export type UpMode =
  | { kind: 'wait' }
  | { kind: 'detach' }
  | {
      kind: 'attached';
      logsOf: ReadonlySet<string>;
      abortOnExit: boolean;
      exitCodeFrom?: string;
      /** The services named on the command line (all when none is): the up ends once all of theirs have exited, as compose's does. */
      watched: ReadonlySet<string>;
      /** `-t`: the grace each container gets when the up ends and stops the stack. */
      stopTimeoutSeconds?: number;
      /** `--timestamps`: each line with the engine's time; `--no-log-prefix`: without its service. */
      timestamps: boolean;
      logPrefix: boolean;
    };

/**
 * `up`'s compose flags, checked as compose checks them, as the runner's options and the mode.
 * `confirm`: the terminal's yes/no question, when there is a terminal. `-y` answers yes to it; with
 * neither, a changed volume stops the up and says to pass -y (a script is never left waiting).
 */
export function readUpFlags(
  stack: Stack,
  values: StackArgs,
  named: readonly string[] = [],
  confirm?: Confirm,
): { options: UpOptions; mode: UpMode; waitTimeoutMs?: number } {
  const both = (a: keyof StackArgs, b: keyof StackArgs): void => {
    if (values[a] && values[b]) throw new UsageError(`--${a} and --${b} are incompatible`);
  };
  both('build', 'no-build');
  both('force-recreate', 'no-recreate');
  const exitCodeFrom = values['exit-code-from'];
  if (exitCodeFrom !== undefined && !stack.services[exitCodeFrom])
    throw new UsageError(`--exit-code-from ${exitCodeFrom}: no such service`);
  const abortOnExit = values['abort-on-container-exit'] === true || exitCodeFrom !== undefined;
  for (const name of [...(values.attach ?? []), ...(values['no-attach'] ?? [])])
    if (!stack.services[name]) throw new UsageError(`--attach/--no-attach ${name}: no such service`);
  const withDeps = values['attach-dependencies'] === true;
  // Flags about the attached logs ask for them, as --attach does: compose's up is attached by default.
  const logFlags = values.timestamps === true || values['no-log-prefix'] === true;
  const attached =
    values.attached === true ||
    abortOnExit ||
    withDeps ||
    logFlags ||
    (values.attach?.length ?? 0) > 0 ||
    (values['no-attach']?.length ?? 0) > 0;
  const attachedBy = abortOnExit
    ? '--abort-on-container-exit or --exit-code-from'
    : logFlags
      ? '--timestamps or --no-log-prefix'
      : '--attached, --attach or --no-attach';
  if (values.detach && attached) throw new UsageError(`--detach cannot be used with ${attachedBy}`);
  if (values.wait && attached)
    throw new UsageError(`--wait cannot be used with ${attachedBy}: it returns once the stack is ready`);
  const pull = values.pull;
  if (pull !== undefined && pull !== 'always' && pull !== 'missing' && pull !== 'never')
    throw new UsageError(`--pull must be always, missing or never, not "${pull}"`);
  let waitTimeoutMs: number | undefined;
  if (values['wait-timeout'] !== undefined) {
    const t = Number(values['wait-timeout']);
    if (!Number.isFinite(t) || t <= 0)
      throw new UsageError(`--wait-timeout must be a number of seconds, not "${values['wait-timeout']}"`);
    if ((values.detach && !values.wait) || attached)
      throw new UsageError(
        '--wait-timeout is for waiting until ready: leave out --detach (or add --wait) and --attached',
      );
    waitTimeoutMs = t * 1000;
  }
  let stopTimeoutSeconds: number | undefined;
  if (values.timeout !== undefined) {
    stopTimeoutSeconds = Number(values.timeout);
    if (!Number.isInteger(stopTimeoutSeconds) || stopTimeoutSeconds < 0)
      throw new UsageError(`--timeout must be whole seconds, not "${values.timeout}"`);
  }
  const options: UpOptions = {
    ...(stopTimeoutSeconds !== undefined ? { stopTimeoutSeconds } : {}),
    ...(values['no-deps'] ? { noDeps: true, ignoreDeps: true } : {}),
    ...(values['force-recreate']
      ? { recreate: 'force' as const }
      : values['no-recreate']
        ? { recreate: 'never' as const }
        : {}),
    ...(values.build ? { build: 'always' as const } : values['no-build'] ? { build: 'never' as const } : {}),
    ...(pull ? { pull } : {}),
    ...(values.detach && !values.wait ? { until: 'started' as const } : {}),
    ...(values.yes
      ? { confirm: () => Promise.resolve(true) }
      : confirm
        ? { confirm: (question: string) => confirm(`? ${question} (y/N) `) }
        : {}),
  };
  // attach: false leaves a service's logs out, unless --attach names it (compose's rule); services
  // named on the command line show only theirs, and their dependencies' with --attach-dependencies.
  const shown = named.length > 0 ? new Set(withDeps ? [...named, ...dependenciesOf(stack, named)] : named) : undefined;
  const logsOf = new Set(
    values.attach && values.attach.length > 0
      ? values.attach
      : Object.values(stack.services)
          .filter((s) => s.attach !== false && (!shown || shown.has(s.name)))
          .map((s) => s.name),
  );
  for (const name of values['no-attach'] ?? []) logsOf.delete(name);
  // --wait: until every service is ready, then return (also with -d), which is what a plain up does.
  const mode: UpMode =
    values.detach && !values.wait
      ? { kind: 'detach' }
      : attached
        ? {
            kind: 'attached',
            logsOf,
            abortOnExit,
            watched: new Set(named.length > 0 ? named : Object.keys(stack.services)),
            ...(exitCodeFrom !== undefined ? { exitCodeFrom } : {}),
            ...(stopTimeoutSeconds !== undefined ? { stopTimeoutSeconds } : {}),
            timestamps: values.timestamps === true,
            logPrefix: values['no-log-prefix'] !== true,
          }
        : { kind: 'wait' };
  return { options, mode, ...(waitTimeoutMs !== undefined ? { waitTimeoutMs } : {}) };
}

/** Compose's words for orphans, with the flag that removes them. */
export function orphanWarning(names: readonly string[]): string {
  return `Found orphan containers (${names.join(', ')}) for this project. If you removed or renamed this service in your compose file, you can run this command with the --remove-orphans flag to clean it up.`;
}

/** Every service the named ones depend on, transitively. */
function dependenciesOf(stack: Stack, named: readonly string[]): string[] {
  const out = new Set<string>();
  const queue = named.flatMap((n) => Object.keys(stack.services[n]?.dependsOn ?? {}));
  for (let s = queue.shift(); s !== undefined; s = queue.shift()) {
    if (out.has(s)) continue;
    out.add(s);
    queue.push(...Object.keys(stack.services[s]?.dependsOn ?? {}));
  }
  return [...out];
}
