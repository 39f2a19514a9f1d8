import type { ContainerInfo } from '../orchestrator/driver';
import { Label } from '../orchestrator/runtime/labels';
import { UsageError } from './stack-options';

/**
 * `ps --format json` and `--format TEMPLATE` as scripts written for docker compose read them: one
 * object per container and per line, with compose's field names (ID, Name, Service, State,
 * Publishers…), plus what Stackpilot adds (Reason, Readiness).
 */

export interface Publisher {
  URL: string;
  TargetPort: number;
  PublishedPort: number;
  Protocol: string;
}

export type ContainerSummary = Record<string, string | number | Publisher[]> & {
  Name: string;
  Publishers: Publisher[];
};

function ago(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 1) return 'Less than a second';
  if (s < 60) return `${s} second${s === 1 ? '' : 's'}`;
  const m = Math.round(s / 60);
  if (m < 60) return m === 1 ? 'About a minute' : `${m} minutes`;
  const h = Math.round(m / 60);
  return h === 1 ? 'About an hour' : `${h} hours`;
}

/** docker's Status column: "Up 3 seconds (healthy)", "Exited (0) 2 minutes ago", "Paused"… */
function statusText(c: ContainerInfo, now: number): string {
  if (c.state === 'running' || c.state === 'paused' || c.state === 'restarting') {
    const up = `Up ${ago(now - (c.startedAt ?? now))}`;
    return c.state === 'paused'
      ? `${up} (Paused)`
      : c.health
        ? `${up} (${c.health === 'starting' ? 'health: starting' : c.health})`
        : up;
  }
  if (c.state === 'exited' || c.state === 'dead')
    return `Exited (${c.exitCode ?? 0}) ${ago(now - (c.finishedAt ?? now))} ago`;
  return c.state === 'created' ? 'Created' : c.state;
}

/** Every port the container exposes, published or not, sorted as compose sorts them. */
function publishers(c: ContainerInfo): Publisher[] {
  return Object.entries(c.ports ?? {})
    .flatMap(([key, bindings]) => {
      const [port = '0', protocol = 'tcp'] = key.split('/');
      const target = Number(port);
      return bindings.length === 0
        ? [{ URL: '', TargetPort: target, PublishedPort: 0, Protocol: protocol }]
        : bindings.map((b) => ({
            URL: b.hostIp,
            TargetPort: target,
            PublishedPort: Number(b.hostPort),
            Protocol: protocol,
          }));
    })
    .sort((a, b) => a.TargetPort - b.TargetPort || a.URL.localeCompare(b.URL) || a.PublishedPort - b.PublishedPort);
}

export function containerSummary(
  c: ContainerInfo,
  extra: { reason?: string; status?: string },
  now: number,
): ContainerSummary {
  const pubs = publishers(c);
  return {
    // Short, as docker compose prints it here (ps -q prints it whole).
    ID: c.id.slice(0, 12),
    Name: c.name,
    Names: c.name,
    Image: c.image,
    Project: c.labels[Label.project] ?? '',
    Service: c.labels[Label.service] ?? '',
    State: c.state,
    Health: c.health ?? '',
    ExitCode: c.exitCode ?? 0,
    Status: statusText(c, now),
    Ports: pubs
      .map((p) =>
        p.PublishedPort
          ? `${p.URL}:${p.PublishedPort}->${p.TargetPort}/${p.Protocol}`
          : `${p.TargetPort}/${p.Protocol}`,
      )
      .join(', '),
    Publishers: pubs,
    Labels: Object.entries(c.labels)
      .map(([k, v]) => `${k}=${v}`)
      .join(','),
    ...(extra.status !== undefined ? { Readiness: extra.status } : {}),
    ...(extra.reason !== undefined ? { Reason: extra.reason } : {}),
  };
}

/**
 * A Go template as docker's --format takes it, for what scripts write: `{{.Field}}` and `{{json .}}` /
 * `{{json .Field}}`, with a leading `table` for a header row. Anything else is refused, not guessed.
 */
export function renderTemplate(template: string, rows: readonly ContainerSummary[]): string {
  const table = /^table\s/.test(template);
  const body = table ? template.replace(/^table\s+/, '') : template;
  const pieces = body.split(/({{.*?}})/);
  const fill = (row: ContainerSummary | undefined): string =>
    pieces
      .map((p) => {
        const m = /^{{\s*(json\s+)?\.([A-Za-z]*)\s*}}$/.exec(p);
        if (!p.startsWith('{{')) return p.replace(/\\t/g, '\t').replace(/\\n/g, '\n');
        if (!m)
          throw new UsageError(
            `--format ${template}: only {{.Field}} and {{json .Field}} are understood here, not ${p}`,
          );
        const [, json, field = ''] = m;
        if (field !== '' && !FIELDS.includes(field))
          throw new UsageError(`--format: a container has no field "${field}" (fields: ${FIELDS.join(', ')})`);
        if (!row) return field.toUpperCase();
        const value = field === '' ? row : row[field];
        return json ? JSON.stringify(value) : typeof value === 'object' ? JSON.stringify(value) : String(value ?? '');
      })
      .join('');
  return [...(table ? [fill(undefined)] : []), ...rows.map((r) => fill(r))].map((l) => `${l}\n`).join('');
}

/** Refuses a template it cannot fill, before anything is asked of the engine. */
export function checkTemplate(template: string): void {
  renderTemplate(template, [{ Name: '', Publishers: [] }]);
}

const FIELDS = [
  'ID',
  'Name',
  'Names',
  'Image',
  'Project',
  'Service',
  'State',
  'Health',
  'ExitCode',
  'Status',
  'Ports',
  'Publishers',
  'Labels',
  'Readiness',
  'Reason',
];
