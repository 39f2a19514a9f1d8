/**
 * Which networks, volumes, secrets and configs `config` prints, and how: only those the active
 * services use, and with `--no-normalize` only as written.
 */
import type { Stack } from './model';

/** The networks, volumes, secrets and configs the active services use: compose prints only those. */
export function usedResources(stack: Stack): Record<'networks' | 'volumes' | 'secrets' | 'configs', Set<string>> {
  const used = {
    networks: new Set<string>(),
    volumes: new Set<string>(),
    secrets: new Set<string>(),
    configs: new Set<string>(),
  };
  for (const s of Object.values(stack.services)) {
    for (const n of Object.keys(s.networks)) used.networks.add(n);
    for (const v of s.volumes) if (v.type === 'volume' && v.source) used.volumes.add(v.source);
    for (const g of s.secrets) used.secrets.add(g.source);
    for (const g of s.configs) used.configs.add(g.source);
    const buildSecrets = s.build?.buildkitOnly?.secrets;
    if (Array.isArray(buildSecrets))
      for (const g of buildSecrets)
        used.secrets.add(typeof g === 'string' ? g : String((g as { source?: unknown }).source));
  }
  return used;
}

/** Only these keys of a record. */
export function pick<T>(record: Record<string, T>, keys: Set<string>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).filter(([k]) => keys.has(k)));
}

/** The stack without what compose's normalisation adds: names not written, the implicit default network. */
export function asWritten(stack: Stack): Stack {
  const named = new Set(stack.written?.named ?? []);
  const implicit = new Set(stack.written?.implicit ?? []);
  const unnamed = <T extends { name: string }>(kind: string, record: Record<string, T>): Record<string, T> =>
    Object.fromEntries(
      Object.entries(record).flatMap(([k, v]) =>
        implicit.has(`${kind}.${k}`) ? [] : [[k, named.has(`${kind}.${k}`) ? v : { ...v, name: '' }]],
      ),
    );
  return {
    ...stack,
    networks: unnamed('networks', stack.networks),
    volumes: unnamed('volumes', stack.volumes),
    secrets: unnamed('secrets', stack.secrets),
    configs: unnamed('configs', stack.configs),
  };
}
