import type { ModelPath } from './diagnostics';
import type { LifecycleHook } from './model';
import type { Reader } from './reader';
import { splitShellWords } from './shell-words';

const HOOK_KEYS = ['command', 'user', 'privileged', 'working_dir', 'environment'];

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
    const kp = [...p, key];
    if (key === 'command') {
      if (typeof v === 'string') {
        const { words, error } = splitShellWords(v);
        if (error) r.error(kp, 'invalid-value', `cannot split the hook's command into words: ${error}`, 'close the quote, or write the command as a list');
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
      hook.environment = Object.entries(r.keyValues(v, kp, true) ?? {}).map(([k, val]) => (val === null ? k : `${k}=${val}`));
    } else if (!key.startsWith('x-')) r.report('error', kp, 'unknown-key', `"${key}" is not a key of a lifecycle hook`, `the keys are ${HOOK_KEYS.join(', ')}`, true);
  }
  if (hook.command.length === 0) {
    r.error(p, 'invalid-value', 'a lifecycle hook needs a command', 'add command: [...] to it');
    return undefined;
  }
  return hook;
}
