import type { ModelPath } from './diagnostics';
import type { LifecycleHook, PreStartHook } from './model';
import type { Reader } from './reader';
import { splitShellWords } from './shell-words';

const HOOK_KEYS = ['command', 'user', 'privileged', 'working_dir', 'environment'];
const PRE_START_KEYS = ['command', 'image', 'user', 'privileged', 'working_dir', 'environment', 'per_replica'];

/**
 * `post_start` and `pre_stop`: commands run inside the container right after it starts and right
 * before it is stopped, as compose runs them (an exec with its own user, privileges, folder and
 * variables).
 */
export function readHooks(value: unknown, path: ModelPath, r: Reader): LifecycleHook[] | undefined {
  if (!Array.isArray(value)) return r.wrongType(path, 'a list of hooks, each with a command', value);
  return value.flatMap((item: unknown, i) => readHook(item, [...path, i], r) ?? []);
}

/** One hook (and `develop.watch[].exec`, which compose reads the same way). */
export function readHook(item: unknown, p: ModelPath, r: Reader): LifecycleHook | undefined {
  const m = r.map(item, p);
  if (!m) return undefined;
  const hook: LifecycleHook = { command: [], environment: [] };
  for (const [key, v] of Object.entries(m)) {
    if (!readHookKey(hook, key, v, [...p, key], r) && !key.startsWith('x-')) {
      r.report(
        'error',
        [...p, key],
        'unknown-key',
        `"${key}" is not a key of a lifecycle hook`,
        `the keys are ${HOOK_KEYS.join(', ')}`,
        true,
      );
    }
  }
  if (hook.command.length === 0) {
    r.error(p, 'invalid-value', 'a lifecycle hook needs a command', 'add command: [...] to it');
    return undefined;
  }
  return hook;
}

/**
 * `pre_start`: throwaway containers run before the service starts (compose v5.3). Unlike the other
 * hooks, a command is optional (the image's own runs) and an image may be named.
 */
export function readPreStartHooks(value: unknown, path: ModelPath, r: Reader): PreStartHook[] | undefined {
  if (!Array.isArray(value))
    return r.wrongType(path, 'a list of hooks, each a container to run before the service starts', value);
  return value.flatMap((item: unknown, i): PreStartHook[] => {
    const p = [...path, i];
    const m = r.map(item, p);
    if (!m) return [];
    const hook: PreStartHook & { command: string[] } = { command: [], environment: [] };
    for (const [key, v] of Object.entries(m)) {
      const kp = [...p, key];
      if (key === 'image') {
        const image = r.string(v, kp);
        if (image) hook.image = image;
      } else if (key === 'per_replica') {
        const b = r.bool(v, kp);
        if (b !== undefined) hook.perReplica = b;
      } else if (!readHookKey(hook, key, v, kp, r) && !key.startsWith('x-')) {
        r.report(
          'error',
          kp,
          'unknown-key',
          `"${key}" is not a key of a pre_start hook`,
          `the keys are ${PRE_START_KEYS.join(', ')}`,
          true,
        );
      }
    }
    const { command, ...rest } = hook;
    return [command.length > 0 ? { command, ...rest } : rest];
  });
}

/** The keys every kind of hook has; false when `key` is not one of them. */
function readHookKey(hook: LifecycleHook, key: string, v: unknown, kp: ModelPath, r: Reader): boolean {
  if (key === 'command') {
    if (typeof v === 'string') {
      const { words, error } = splitShellWords(v);
      if (error)
        r.error(
          kp,
          'invalid-value',
          `cannot split the hook's command into words: ${error}`,
          'close the quote, or write the command as a list',
        );
      hook.command = words;
    } else hook.command = r.stringList(v, kp) ?? [];
  } else if (key === 'user') {
    const u = r.string(v, kp);
    if (u) hook.user = u;
  } else if (key === 'privileged') {
    const b = r.bool(v, kp);
    if (b !== undefined) hook.privileged = b;
  } else if (key === 'working_dir') {
    const w = r.string(v, kp);
    if (w) hook.workingDir = w;
  } else if (key === 'environment') {
    hook.environment = Object.entries(r.keyValues(v, kp, true) ?? {}).map(([k, val]) =>
      val === null ? k : `${k}=${val}`,
    );
  } else return false;
  return true;
}
