import { posix } from 'node:path';
import type { ModelPath } from './diagnostics';
import { readHook } from './hooks';
import type { WatchAction, WatchRule } from './model';
import type { Reader } from './reader';
import { resolveHostPath } from './volumes';
import type { PathContext } from './volumes';

const ACTIONS: readonly WatchAction[] = ['sync', 'rebuild', 'restart', 'sync+restart', 'sync+exec'];
const RULE_KEYS = ['action', 'path', 'target', 'ignore', 'include', 'initial_sync', 'exec'];

/**
 * `develop`: the rules `docker compose watch` follows. Read (and checked as compose's schema checks
 * them: an action and a path in each rule) with every file, though only a watch uses them; what only
 * a watch can refuse (a rebuild without a build section) is said when one starts.
 */
export function readDevelop(value: unknown, path: ModelPath, r: Reader, ctx: PathContext): WatchRule[] | undefined {
  const m = r.map(value, path);
  if (!m) return undefined;
  let rules: WatchRule[] = [];
  for (const [key, v] of Object.entries(m)) {
    const p = [...path, key];
    if (key === 'watch') {
      if (!Array.isArray(v)) r.wrongType(p, 'a list of watch rules, each with an action and a path', v);
      else rules = v.flatMap((item: unknown, i) => readRule(item, [...p, i], r, ctx) ?? []);
    } else if (!key.startsWith('x-'))
      r.report('error', p, 'unknown-key', `"${key}" is not a key of develop`, 'the key is watch', true);
  }
  return rules;
}

function readRule(item: unknown, p: ModelPath, r: Reader, ctx: PathContext): WatchRule | undefined {
  const m = r.map(item, p);
  if (!m) return undefined;
  const rule: Partial<WatchRule> & { ignore: string[]; include: string[]; initialSync: boolean } = {
    ignore: [],
    include: [],
    initialSync: false,
  };
  for (const [key, v] of Object.entries(m)) {
    const kp = [...p, key];
    if (key === 'action') {
      const a = r.string(v, kp);
      if (a === undefined) continue;
      if ((ACTIONS as readonly string[]).includes(a)) rule.action = a as WatchAction;
      else r.error(kp, 'invalid-value', `"${a}" is not a watch action`, `use one of ${ACTIONS.join(', ')}`);
    } else if (key === 'path') {
      const s = r.string(v, kp);
      if (s) rule.path = resolveHostPath(s, ctx);
    } else if (key === 'target') {
      const s = r.string(v, kp);
      // The sync unpacks at "/": a relative target lands below it, as with compose.
      if (s) rule.target = posix.resolve('/', s);
    } else if (key === 'ignore') rule.ignore = r.stringOrList(v, kp) ?? [];
    else if (key === 'include') rule.include = r.stringOrList(v, kp) ?? [];
    else if (key === 'initial_sync') rule.initialSync = r.bool(v, kp) ?? false;
    else if (key === 'exec') {
      const hook = readHook(v, kp, r);
      if (hook) rule.exec = hook;
    } else if (key.startsWith('x-')) rule.extensions = { ...rule.extensions, [key]: v };
    else
      r.report(
        'error',
        kp,
        'unknown-key',
        `"${key}" is not a key of a watch rule`,
        `the keys are ${RULE_KEYS.join(', ')}`,
        true,
      );
  }
  if (!('action' in m))
    r.error(p, 'invalid-value', 'a watch rule needs an action', `add action: with one of ${ACTIONS.join(', ')}`);
  if (!('path' in m))
    r.error(
      p,
      'invalid-value',
      'a watch rule needs a path',
      'add path: with the folder or file to watch, relative to the project folder',
    );
  if (!rule.action || !rule.path) return undefined;
  return { ...rule, action: rule.action, path: rule.path };
}
