import type { ModelPath } from './diagnostics';
import type { Dependency, DependencyCondition, EnvFileRef, RestartPolicy } from './model';
import type { Reader } from './reader';
import { isRawMap, setOwn } from './reader';
import { splitShellWords } from './shell-words';

/** Readers of the service keys whose values take more than a type check: command, env_file, depends_on, restart, profiles, platform, container_name, extra_hosts. */

const CONDITIONS: readonly DependencyCondition[] = [
  'service_started',
  'service_healthy',
  'service_completed_successfully',
];

export function readCommand(value: unknown, path: ModelPath, r: Reader): string[] | null | undefined {
  if (value === null) return null;
  if (typeof value === 'string') {
    const { words, error } = splitShellWords(value);
    if (error)
      r.error(
        path,
        'invalid-value',
        `cannot split the command into words: ${error}`,
        'close the quote, or write the command as a list',
      );
    return words;
  }
  return r.stringList(value, path);
}

export function readEnvFiles(value: unknown, path: ModelPath, r: Reader): EnvFileRef[] | undefined {
  const items =
    typeof value === 'string'
      ? [value]
      : Array.isArray(value)
        ? value
        : r.wrongType(path, 'a path or a list of paths', value);
  if (!items) return undefined;
  const out: EnvFileRef[] = [];
  items.forEach((item: unknown, i: number) => {
    const p = typeof value === 'string' ? path : [...path, i];
    if (typeof item === 'string') out.push({ path: item, required: true });
    else if (isRawMap(item)) {
      const file = r.string(item.path, [...p, 'path']);
      const required = item.required === undefined ? true : r.bool(item.required, [...p, 'required']);
      const format = item.format === undefined ? undefined : r.string(item.format, [...p, 'format']);
      if (format !== undefined && format !== 'raw')
        r.error(
          [...p, 'format'],
          'invalid-value',
          `env_file format "${format}" is not one compose knows`,
          'use format: raw, or leave it out for the .env format',
        );
      if (file !== undefined)
        out.push({ path: file, required: required ?? true, ...(format === 'raw' ? { format } : {}) });
    } else r.wrongType(p, 'a path or { path, required }', item);
  });
  return out;
}

export function readDependsOn(value: unknown, path: ModelPath, r: Reader): Record<string, Dependency> | undefined {
  const out: Record<string, Dependency> = {};
  if (Array.isArray(value)) {
    r.stringList(value, path)?.forEach((name) =>
      setOwn(out, name, { condition: 'service_started', restart: false, required: true }),
    );
    return out;
  }
  const raw = r.map(value, path);
  if (!raw) return undefined;
  for (const [name, spec] of Object.entries(raw)) {
    const p = [...path, name];
    const dep: Dependency = { condition: 'service_started', restart: false, required: true };
    const m = spec === null ? {} : r.map(spec, p);
    if (!m) continue;
    for (const [key, v] of Object.entries(m)) {
      const kp = [...p, key];
      if (key === 'condition') {
        const c = r.string(v, kp);
        if (c !== undefined && !CONDITIONS.includes(c as DependencyCondition)) {
          r.error(
            kp,
            'invalid-value',
            `unknown condition "${c}" for dependency "${name}"`,
            `use one of ${CONDITIONS.join(', ')}`,
          );
        } else if (c) dep.condition = c as DependencyCondition;
      } else if (key === 'restart') dep.restart = r.bool(v, kp) ?? false;
      else if (key === 'required') dep.required = r.bool(v, kp) ?? true;
      else if (!key.startsWith('x-'))
        r.report(
          'error',
          kp,
          'unknown-key',
          `unknown key "${key}" in depends_on.${name}`,
          'known keys: condition, restart, required',
          true,
        );
    }
    setOwn(out, name, dep);
  }
  return out;
}

export function readRestart(
  value: unknown,
  path: ModelPath,
  r: Reader,
): RestartPolicy | { refused: string } | undefined {
  // YAML 1.1 habits: `restart: no` may arrive as boolean false from some writers.
  if (value === false) return 'no';
  const s = r.string(value, path);
  if (s === undefined) return undefined;
  if (s === 'no' || s === 'always' || s === 'unless-stopped' || /^on-failure(:\d+)?$/.test(s))
    return s as RestartPolicy;
  return { refused: s };
}

/** Any name, as compose takes it (a name no `--profile` can say only keeps the service out). */
export function readProfiles(value: unknown, path: ModelPath, r: Reader): string[] | undefined {
  return r.stringList(value, path);
}

/** `os/arch[/variant]`, as the engine names platforms (linux/amd64, linux/arm64/v8). */
export function readPlatform(value: unknown, path: ModelPath, r: Reader): string | undefined {
  const s = r.string(value, path);
  if (s !== undefined && !/^[a-z0-9]+\/[a-z0-9_]+(\/[a-z0-9]+)?$/.test(s)) {
    r.error(
      path,
      'invalid-value',
      `"${s}" is not a platform`,
      'write os/architecture[/variant], such as linux/amd64 or linux/arm64/v8',
    );
    return undefined;
  }
  return s;
}

export function readContainerName(value: unknown, path: ModelPath, r: Reader): string | undefined {
  const s = r.string(value, path);
  if (s !== undefined && !/^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/.test(s)) {
    r.error(
      path,
      'invalid-name',
      `"${s}" is not a valid container name`,
      'use letters, digits, ".", "_" and "-", starting with a letter or digit',
    );
    return undefined;
  }
  return s;
}

export function readExtraHosts(value: unknown, path: ModelPath, r: Reader): string[] | undefined {
  if (isRawMap(value)) {
    return Object.entries(value).flatMap(([host, ip]) => {
      const ips = Array.isArray(ip) ? ip : [ip];
      return ips.map(
        (one, i) => `${host}=${r.string(one, Array.isArray(ip) ? [...path, host, i] : [...path, host]) ?? ''}`,
      );
    });
  }
  const list = r.stringList(value, path);
  return list?.map((entry) => {
    // Compose accepts both `host:ip` and `host=ip`; IPv6 addresses contain ":" so split on the first one.
    const eq = entry.indexOf('=');
    if (eq >= 0) return entry;
    const colon = entry.indexOf(':');
    return colon < 0 ? entry : `${entry.slice(0, colon)}=${entry.slice(colon + 1)}`;
  });
}
