import type { ModelPath } from './diagnostics';
import type {
  CrashLoopPolicy,
  ReadyProbe,
  RetryPolicy,
  StackpilotProjectExtension,
  StackpilotServiceExtension,
  StackpilotVariable,
} from './model';
import type { Reader } from './reader';
import { splitShellWords } from './shell-words';

/** Defaults for `x-stackpilot.ready` probes when interval/timeout are not given. */
export const READY_DEFAULTS = { interval: 500, timeout: 2000 } as const;
export const RETRY_DEFAULTS: RetryPolicy = { attempts: 5, delay: 1000, maxDelay: 30_000 };
export const CRASH_LOOP_DEFAULTS: CrashLoopPolicy = { restarts: 5, window: 120_000 };

const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function httpUrl(text: string): boolean {
  try {
    const u = new URL(text);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

export function readProjectExtension(value: unknown, path: ModelPath, r: Reader): StackpilotProjectExtension {
  const ext: StackpilotProjectExtension = { env: {} };
  const raw = r.map(value, path);
  if (!raw) return ext;
  for (const [key, v] of Object.entries(raw)) {
    const p = [...path, key];
    if (key === 'description') ext.description = r.string(v, p);
    else if (key === 'docs') {
      const s = r.string(v, p);
      if (s !== undefined && !httpUrl(s))
        r.error(
          p,
          'invalid-value',
          `docs must be an http(s) URL, not "${s}"`,
          'e.g. docs: https://example.org/CONTRIBUTING.md',
        );
      else ext.docs = s;
    } else if (key === 'env') {
      const vars = r.map(v, p);
      for (const [name, spec] of Object.entries(vars ?? {})) {
        const vp = [...p, name];
        if (!VARIABLE_NAME.test(name)) {
          r.error(
            vp,
            'invalid-name',
            `"${name}" is not a valid variable name`,
            'use letters, digits and _, not starting with a digit',
          );
          continue;
        }
        ext.env[name] = readVariable(spec, vp, r);
      }
    } else
      r.warn(p, 'unknown-key', `unknown key "${key}" in x-stackpilot; ignored`, 'known keys: description, docs, env');
  }
  return ext;
}

function readVariable(value: unknown, path: ModelPath, r: Reader): StackpilotVariable {
  const variable: StackpilotVariable = { secret: false };
  if (value === null) return variable;
  const raw = r.map(value, path);
  for (const [key, v] of Object.entries(raw ?? {})) {
    const p = [...path, key];
    if (key === 'description') variable.description = r.string(v, p);
    else if (key === 'secret') variable.secret = r.bool(v, p) ?? false;
    else if (key === 'default') variable.default = r.string(v, p);
    else
      r.warn(
        p,
        'unknown-key',
        `unknown key "${key}" in a variable; ignored`,
        'known keys: description, secret, default',
      );
  }
  return variable;
}

export function readServiceExtension(value: unknown, path: ModelPath, r: Reader): StackpilotServiceExtension {
  const ext: StackpilotServiceExtension = {};
  const raw = r.map(value, path);
  for (const [key, v] of Object.entries(raw ?? {})) {
    const p = [...path, key];
    switch (key) {
      case 'description':
        ext.description = r.string(v, p);
        break;
      case 'group':
        ext.group = r.string(v, p);
        break;
      case 'open': {
        const s = r.string(v, p);
        if (s !== undefined && !httpUrl(s))
          r.error(p, 'invalid-value', `open must be an http(s) URL, not "${s}"`, 'e.g. open: http://localhost:8080');
        else ext.open = s;
        break;
      }
      case 'ready':
        ext.ready = readReadyProbe(v, p, r);
        break;
      case 'startup_timeout':
        ext.startupTimeout = r.duration(v, p);
        break;
      case 'fast_readiness':
        ext.fastReadiness = r.bool(v, p);
        break;
      case 'retry':
        ext.retry = readRetry(v, p, r);
        break;
      case 'crash_loop':
        ext.crashLoop = readCrashLoop(v, p, r);
        break;
      case 'restart_on_unhealthy':
        ext.restartOnUnhealthy = r.bool(v, p);
        break;
      default:
        r.warn(
          p,
          'unknown-key',
          `unknown key "${key}" in x-stackpilot; ignored`,
          'known keys: description, group, open, ready, startup_timeout, fast_readiness, retry, crash_loop, restart_on_unhealthy',
        );
    }
  }
  return ext;
}

const PROBE_KINDS = ['http', 'tcp', 'exec', 'log'] as const;

function readReadyProbe(value: unknown, path: ModelPath, r: Reader): ReadyProbe | undefined {
  const raw = r.map(value, path);
  if (!raw) return undefined;
  const kinds = PROBE_KINDS.filter((k) => raw[k] !== undefined);
  if (kinds.length !== 1) {
    r.error(
      path,
      'invalid-value',
      kinds.length === 0
        ? 'ready needs one of http, tcp, exec or log'
        : `ready has ${kinds.join(' and ')}; give exactly one`,
      'e.g. ready: { http: "http://localhost:8000/health" }',
    );
    return undefined;
  }
  const interval =
    raw.interval === undefined
      ? READY_DEFAULTS.interval
      : (r.duration(raw.interval, [...path, 'interval']) ?? READY_DEFAULTS.interval);
  const timeout =
    raw.timeout === undefined
      ? READY_DEFAULTS.timeout
      : (r.duration(raw.timeout, [...path, 'timeout']) ?? READY_DEFAULTS.timeout);
  for (const key of Object.keys(raw)) {
    if (!(PROBE_KINDS as readonly string[]).includes(key) && key !== 'interval' && key !== 'timeout')
      r.warn([...path, key], 'unknown-key', `unknown key "${key}" in ready; ignored`);
  }
  const kind = kinds[0];
  const p = [...path, kind ?? ''];
  const v = kind ? raw[kind] : undefined;
  switch (kind) {
    case 'http': {
      const url = r.string(v, p);
      if (url === undefined) return undefined;
      if (!httpUrl(url)) {
        r.error(
          p,
          'invalid-value',
          `ready.http must be an http(s) URL, not "${url}"`,
          'e.g. http: "http://localhost:8000/health"',
        );
        return undefined;
      }
      return { kind, url, interval, timeout };
    }
    case 'tcp': {
      const s = r.string(v, p);
      const m = s === undefined ? null : /^(.+):(\d{1,5})$/.exec(s);
      const port = Number(m?.[2]);
      if (!m || port < 1 || port > 65535) {
        if (s !== undefined)
          r.error(p, 'invalid-value', `ready.tcp must be HOST:PORT, not "${s}"`, 'e.g. tcp: "localhost:5432"');
        return undefined;
      }
      return { kind, host: m[1] ?? 'localhost', port, interval, timeout };
    }
    case 'exec': {
      const command = typeof v === 'string' ? splitShellWords(v).words : r.stringList(v, p);
      if (!command || command.length === 0) {
        r.error(p, 'invalid-value', 'ready.exec needs a command', 'e.g. exec: ["pg_isready", "-U", "app"]');
        return undefined;
      }
      return { kind, command, interval, timeout };
    }
    case 'log': {
      const pattern = r.string(v, p);
      if (pattern === undefined) return undefined;
      try {
        new RegExp(pattern);
      } catch (err) {
        r.error(
          p,
          'invalid-value',
          `ready.log is not a valid regular expression: ${(err as Error).message}`,
          'escape special characters such as ( [ . * with a backslash',
        );
        return undefined;
      }
      return { kind, pattern, interval, timeout };
    }
    default:
      return undefined;
  }
}

function readRetry(value: unknown, path: ModelPath, r: Reader): RetryPolicy | undefined {
  const raw = r.map(value, path);
  if (!raw) return undefined;
  const policy = { ...RETRY_DEFAULTS };
  for (const [key, v] of Object.entries(raw)) {
    const p = [...path, key];
    if (key === 'attempts') policy.attempts = r.int(v, p, 1, 1000) ?? policy.attempts;
    else if (key === 'delay') policy.delay = r.duration(v, p) ?? policy.delay;
    else if (key === 'max_delay') policy.maxDelay = r.duration(v, p) ?? policy.maxDelay;
    else r.warn(p, 'unknown-key', `unknown key "${key}" in retry; ignored`, 'known keys: attempts, delay, max_delay');
  }
  if (policy.maxDelay < policy.delay)
    r.error(
      path,
      'invalid-value',
      'retry.max_delay is shorter than retry.delay',
      'make max_delay at least as long as delay',
    );
  return policy;
}

function readCrashLoop(value: unknown, path: ModelPath, r: Reader): CrashLoopPolicy | undefined {
  const raw = r.map(value, path);
  if (!raw) return undefined;
  const policy = { ...CRASH_LOOP_DEFAULTS };
  for (const [key, v] of Object.entries(raw)) {
    const p = [...path, key];
    if (key === 'restarts') policy.restarts = r.int(v, p, 1, 1000) ?? policy.restarts;
    else if (key === 'window') policy.window = r.duration(v, p) ?? policy.window;
    else r.warn(p, 'unknown-key', `unknown key "${key}" in crash_loop; ignored`, 'known keys: restarts, window');
  }
  return policy;
}
