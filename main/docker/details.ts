import type Docker from 'dockerode';
import type { ContainerDetails, ContainerRunState } from '../orchestrator/driver';

const time = (s: string | undefined): number | undefined => {
  const t = s ? Date.parse(s) : NaN;
  return Number.isFinite(t) && t > 0 ? t : undefined;
};

const list = (v: string | string[] | null | undefined): string[] =>
  Array.isArray(v) ? v : typeof v === 'string' && v !== '' ? [v] : [];

/** `docker inspect` of a container (and of its image, for the digests) as the window reads it. */
export function toContainerDetails(
  i: Docker.ContainerInspectInfo,
  image: Docker.ImageInspectInfo | undefined,
): ContainerDetails {
  const policy = i.HostConfig.RestartPolicy;
  const health = i.State.Health;
  return {
    id: i.Id,
    name: i.Name.replace(/^\//, ''),
    image: i.Config.Image,
    imageId: i.Image,
    digests: image?.RepoDigests ?? [],
    created: time(i.Created) ?? 0,
    state: (i.State.Status as ContainerRunState | undefined) ?? 'created',
    ...(i.State.Running && time(i.State.StartedAt) !== undefined ? { startedAt: time(i.State.StartedAt) } : {}),
    command: list(i.Config.Cmd),
    entrypoint: list(i.Config.Entrypoint),
    ...(i.Config.WorkingDir ? { workingDir: i.Config.WorkingDir } : {}),
    ...(i.Config.User ? { user: i.Config.User } : {}),
    restartPolicy:
      !policy?.Name || policy.Name === 'no'
        ? 'no'
        : policy.Name === 'on-failure' && policy.MaximumRetryCount
          ? `on-failure:${policy.MaximumRetryCount}`
          : policy.Name,
    env: i.Config.Env ?? [],
    mounts: (i.Mounts ?? []).map((m) => ({
      type: m.Type,
      source: m.Name ?? m.Source,
      target: m.Destination,
      readOnly: m.RW === false,
    })),
    networks: Object.entries(i.NetworkSettings.Networks ?? {}).map(([name, n]) => ({
      name,
      ...(n.IPAddress ? { ip: n.IPAddress } : {}),
      ...(n.GlobalIPv6Address ? { ipv6: n.GlobalIPv6Address } : {}),
      ...(n.MacAddress ? { mac: n.MacAddress } : {}),
      aliases: Array.isArray(n.Aliases) ? (n.Aliases as unknown[]).map(String) : [],
    })),
    ports: Object.entries(i.NetworkSettings.Ports ?? {}).flatMap(([container, bound]) =>
      (bound ?? []).map((b) => ({ container, host: `${b.HostIp || '0.0.0.0'}:${b.HostPort}` })),
    ),
    labels: i.Config.Labels ?? {},
    tty: i.Config.Tty,
    openStdin: i.Config.OpenStdin,
    ...(health
      ? {
          health: {
            status: health.Status,
            log: (health.Log ?? []).map((l) => ({ at: time(l.Start) ?? 0, exitCode: l.ExitCode, output: l.Output })),
          },
        }
      : {}),
  };
}
