import type { Stack } from '../compose/model';
import { apiAtLeast } from '../api-version';

/** A key the file uses that an engine honours only from some API version on. */
export interface FeatureNeed {
  what: string;
  /** The engine API version it needs, and the Docker release that has it. */
  api: string;
  docker: string;
  /** On an older engine: Up refuses it (as compose does), or the engine goes without it. */
  effect: 'refused' | 'ignored';
}

/** What in the stack needs a newer engine than the one at `apiVersion` (none: it runs as written). */
export function featuresTooNew(stack: Stack, apiVersion: string): FeatureNeed[] {
  const needs: FeatureNeed[] = [];
  const need = (used: boolean, what: string, api: string, docker: string, effect: FeatureNeed['effect']): void => {
    if (used && !apiAtLeast(apiVersion, api)) needs.push({ what, api, docker, effect });
  };
  for (const [name, s] of Object.entries(stack.services)) {
    const nets = Object.values(s.networks).filter((n) => n !== null);
    need(
      s.healthcheck?.startInterval !== undefined,
      `start_interval (${name}): the engine probes at interval from the start`,
      '1.44',
      '25.0',
      'ignored',
    );
    need(
      nets.some((n) => n?.gwPriority !== undefined),
      `gw_priority (${name})`,
      '1.48',
      '28.0',
      'refused',
    );
    need(
      nets.some((n) => n?.interfaceName !== undefined),
      `interface_name (${name})`,
      '1.49',
      '28.1',
      'refused',
    );
    need(s.settings.annotations !== undefined, `annotations (${name})`, '1.43', '24.0', 'refused');
    need(
      s.volumes.some((v) => v.volume?.subpath !== undefined),
      `a volume's subpath (${name})`,
      '1.45',
      '26.0',
      'refused',
    );
    need(s.settings.devices?.some((d) => d.cdi) ?? false, `CDI devices (${name})`, '1.44', '25.0', 'refused');
  }
  return needs;
}
