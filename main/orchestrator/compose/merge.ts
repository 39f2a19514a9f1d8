import { mergeEngineSettings } from './engine-settings';
import type { EngineSettings, FileGrant, PortMapping, VolumeMount, ProviderSpec } from './model';
import type { DeployResources } from './deploy';
import type { ServiceLayer } from './service-layer';

/**
 * Merges what several compose files say about one service, in file order, with compose's rules:
 * scalars and command-like lists are replaced; mappings (environment, labels, depends_on, networks,
 * build args) merge key by key; ports and other lists are appended without duplicates; volumes are
 * replaced per container path.
 */
export function mergeServiceLayers(layers: readonly ServiceLayer[]): ServiceLayer {
  const out: ServiceLayer = {};
  for (const layer of layers) {
    for (const field of layer.resets ?? []) {
      if (field.startsWith('settings.') && out.settings)
        delete (out.settings as Record<string, unknown>)[field.slice('settings.'.length)];
      else delete (out as Record<string, unknown>)[field];
    }
    for (const key of Object.keys(layer) as (keyof ServiceLayer)[]) {
      const value = layer[key];
      if (value === undefined || key === 'resets') continue;
      mergeKey(out, key, value);
    }
  }
  // Kept, for the service this one extends: its values for these keys must go too.
  const resets = layers.flatMap((l) => l.resets ?? []);
  if (resets.length > 0) out.resets = [...new Set(resets)];
  return out;
}

function mergeKey(out: ServiceLayer, key: keyof ServiceLayer, value: unknown): void {
  const target = out as Record<string, unknown>;
  const previous = target[key];
  switch (key) {
    case 'environment':
    case 'labels':
    case 'dependsOn':
    case 'networks':
    case 'extensions':
      target[key] = { ...(previous as object | undefined), ...(value as object) };
      return;
    case 'ports':
      target[key] = unique([...((previous as PortMapping[] | undefined) ?? []), ...(value as PortMapping[])], (p) =>
        JSON.stringify(p),
      );
      return;
    case 'expose':
    case 'labelFiles':
    case 'extraHosts':
    case 'profiles':
    case 'tmpfs':
      target[key] = unique([...((previous as string[] | undefined) ?? []), ...(value as string[])], (s) => s);
      return;
    case 'postStart':
    case 'preStop':
    case 'preStart':
      target[key] = [...((previous as object[] | undefined) ?? []), ...(value as object[])];
      return;
    case 'volumesFrom':
    case 'links':
    case 'externalLinks':
      target[key] = unique([...((previous as object[] | undefined) ?? []), ...(value as object[])], (x) =>
        JSON.stringify(x),
      );
      return;
    case 'envFiles':
      target[key] = unique(
        [...((previous as { path: string }[] | undefined) ?? []), ...(value as { path: string }[])],
        (f) => f.path,
      );
      return;
    case 'secrets':
    case 'configs': {
      // One grant per place in the container: a later file's replaces an earlier one's.
      const byTarget = new Map<string, FileGrant>();
      for (const g of [...((previous as FileGrant[] | undefined) ?? []), ...(value as FileGrant[])])
        byTarget.set(g.target, g);
      target[key] = [...byTarget.values()];
      return;
    }
    case 'volumes': {
      const byTarget = new Map<string, VolumeMount>();
      for (const v of [...((previous as VolumeMount[] | undefined) ?? []), ...(value as VolumeMount[])])
        byTarget.set(v.target, v);
      target[key] = [...byTarget.values()];
      return;
    }
    case 'build': {
      const prev: NonNullable<ServiceLayer['build']> = (previous as ServiceLayer['build']) ?? {};
      const next = value as NonNullable<ServiceLayer['build']>;
      target[key] = {
        ...prev,
        ...next,
        ...(prev.args || next.args ? { args: { ...prev.args, ...next.args } } : {}),
        ...(prev.labels || next.labels ? { labels: { ...prev.labels, ...next.labels } } : {}),
      };
      return;
    }
    case 'settings':
      target[key] = mergeEngineSettings(previous as EngineSettings | undefined, value as EngineSettings);
      return;
    case 'deployResources': {
      const a = (previous as DeployResources | undefined) ?? {};
      const b = value as DeployResources;
      target[key] = { limits: { ...a.limits, ...b.limits }, reservations: { ...a.reservations, ...b.reservations } };
      return;
    }
    case 'healthcheck':
    case 'stackpilot':
      target[key] = { ...(previous as object | undefined), ...(value as object) };
      return;
    case 'provider': {
      // Key by key, as compose merges maps: a later file's type and options win.
      const a = previous as ProviderSpec | undefined;
      const b = value as ProviderSpec;
      target[key] = { type: b.type, options: { ...a?.options, ...b.options } };
      return;
    }
    default:
      target[key] = value;
  }
}

function unique<T>(items: T[], keyOf: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const k = keyOf(item);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
