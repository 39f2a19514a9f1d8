import type { ModelPath } from './diagnostics';
import { reportUnapplied } from './key-support';
import type { Healthcheck } from './model';
import type { Reader } from './reader';

/**
 * A service's `healthcheck`. A start_interval without start_period loads (as compose loads it);
 * a start refuses it (start-checks.ts), as compose v5's up does.
 */
export function readHealthcheck(value: unknown, path: ModelPath, r: Reader): Healthcheck | undefined {
  const raw = r.map(value, path);
  if (!raw) return undefined;
  const hc: Healthcheck = { disable: false };
  for (const [key, v] of Object.entries(raw)) {
    const p = [...path, key];
    switch (key) {
      case 'test':
        hc.test = readHealthTest(v, p, r);
        break;
      case 'interval':
        hc.interval = r.duration(v, p);
        break;
      case 'timeout':
        hc.timeout = r.duration(v, p);
        break;
      case 'start_period':
        hc.startPeriod = r.duration(v, p);
        break;
      case 'start_interval':
        hc.startInterval = r.duration(v, p);
        break;
      case 'retries':
        hc.retries = r.int(v, p, 0);
        break;
      case 'disable':
        hc.disable = r.bool(v, p) ?? false;
        break;
      default:
        if (!key.startsWith('x-')) reportUnapplied(r, p, 'service.healthcheck', key);
    }
  }
  if (hc.test?.[0] === 'NONE') hc.disable = true;
  return hc;
}

function readHealthTest(value: unknown, path: ModelPath, r: Reader): string[] | undefined {
  if (typeof value === 'string') return ['CMD-SHELL', value];
  if (!Array.isArray(value))
    return r.wrongType(path, 'a command string or a list starting with CMD, CMD-SHELL or NONE', value);
  const list = r.stringList(value, path);
  if (!list) return undefined;
  const head = list[0];
  if (head !== 'CMD' && head !== 'CMD-SHELL' && head !== 'NONE') {
    r.error(
      path,
      'invalid-value',
      `healthcheck test list must start with CMD, CMD-SHELL or NONE, not "${head ?? ''}"`,
      'e.g. test: ["CMD", "pg_isready"] or test: pg_isready -U app',
    );
    return undefined;
  }
  if (head !== 'NONE' && list.length < 2) {
    r.error(
      path,
      'invalid-value',
      `healthcheck test "${head}" has no command after it`,
      `e.g. ["${head}", "curl", "-f", "http://localhost/"]`,
    );
    return undefined;
  }
  return list;
}
