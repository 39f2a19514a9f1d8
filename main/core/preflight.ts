import type { Stack } from '../engine/compose/model';
import type { ContainerDriver } from '../engine/driver';
import { imageName } from '../engine/runtime/container-spec';
import { localHost } from '../engine/runtime/start-checks';
import type { HostProbe } from '../engine/runtime/start-checks';
import type { EngineStatusView, PreflightCheck, PreflightView, VariableView } from '../../preload/contract';

export interface PreflightInput {
  stack: Stack;
  variables: readonly VariableView[];
  engine: EngineStatusView;
  /** Absent when no engine answers: image checks are then unknown. */
  driver: ContainerDriver | undefined;
  /** Services whose containers already run: the ports they publish are theirs, not a conflict. */
  running: ReadonlySet<string>;
  platform: string;
  /** The host's ports, asked through the same port the runner's start checks use. */
  host?: HostProbe;
}

/** What to do when no engine answers, in the words of the user's OS. */
export function startEngineHint(platform: string): string {
  if (platform === 'darwin') return 'start Docker Desktop (or `colima start`), then Stackpilot reconnects by itself';
  if (platform === 'win32') return 'start Docker Desktop and wait for "Engine running", then Stackpilot reconnects by itself';
  return 'start the engine: `sudo systemctl start docker` (or run `dockerd`); check that your user may use /var/run/docker.sock (the docker group)';
}

function engineCheck(engine: EngineStatusView, platform: string): PreflightCheck {
  if (engine.state === 'connected') return { id: 'engine', state: 'ok', title: 'Engine reachable', detail: engine.engine ?? 'connected', items: [] };
  return { id: 'engine', state: 'problem', title: 'Engine not reachable', detail: engine.reason, hint: startEngineHint(platform), items: [] };
}

function variablesCheck(variables: readonly VariableView[]): PreflightCheck {
  const unset = variables.filter((v) => v.required && !v.set);
  const items = variables.map((v) => ({ name: v.name, ok: v.set || !v.required, detail: v.set ? 'set' : v.required ? 'not set' : 'default applies' }));
  if (unset.length === 0)
    return { id: 'variables', state: 'ok', title: 'Variables set', detail: variables.length === 0 ? 'the stack declares none' : `${variables.length} declared, all set or defaulted`, items };
  return {
    id: 'variables',
    state: 'problem',
    title: `${unset.length} variable${unset.length === 1 ? '' : 's'} to set`,
    detail: unset.map((v) => v.name).join(', '),
    hint: 'give them below; until then the compose file’s own defaults apply',
    items,
  };
}

async function portsCheck(stack: Stack, running: ReadonlySet<string>, host: HostProbe): Promise<PreflightCheck> {
  const items: PreflightCheck['items'] = [];
  for (const service of Object.values(stack.services)) {
    const published = service.ports.filter((p) => p.protocol === 'tcp' && p.published && !p.published.includes('-'));
    if (published.length === 0) continue;
    if (running.has(service.name)) {
      for (const p of published) items.push({ name: `${service.name} :${p.published}`, ok: true, detail: 'published by this stack' });
      continue;
    }
    const taken = await host.takenPorts(published);
    for (const p of published) {
      const problem = taken.find((t) => String(t.port) === p.published);
      items.push({ name: `${service.name} :${p.published}`, ok: !problem, detail: problem ? `in use${problem.holder ? ` by ${problem.holder}` : ''}` : 'free' });
    }
  }
  const bad = items.filter((i) => !i.ok);
  if (bad.length === 0) return { id: 'ports', state: 'ok', title: 'Host ports free', detail: items.length === 0 ? 'nothing published' : `${items.length} checked`, items };
  return {
    id: 'ports',
    state: 'problem',
    title: `${bad.length} host port${bad.length === 1 ? '' : 's'} taken`,
    detail: bad.map((b) => `${b.name} ${b.detail}`).join('; '),
    hint: 'stop what holds them, or change the published port (an environment variable in the compose file, if it offers one)',
    items,
  };
}

async function imagesCheck(stack: Stack, driver: ContainerDriver | undefined): Promise<PreflightCheck> {
  if (!driver) return { id: 'images', state: 'unknown', title: 'Images', detail: 'checked once the engine answers', items: [] };
  const items: PreflightCheck['items'] = [];
  for (const service of Object.values(stack.services)) {
    const image = imageName(stack, service);
    // An engine error here counts as "not present": Up then says precisely what went wrong.
    const present = await driver.hasImage(image).catch(() => false);
    if (present) items.push({ name: service.name, ok: true, detail: `${image} present` });
    else if (service.build) items.push({ name: service.name, ok: false, detail: `${image} not built yet: built on Up, or now` });
    else items.push({ name: service.name, ok: false, detail: `${image} not present: pulled on Up, or now` });
  }
  const missing = items.filter((i) => !i.ok);
  if (missing.length === 0) return { id: 'images', state: 'ok', title: 'Images present', detail: `${items.length} service${items.length === 1 ? '' : 's'}`, items };
  const images = [...new Set(missing.map((m) => m.detail.split(' ')[0]))];
  return {
    id: 'images',
    state: 'problem',
    title: `${images.length} image${images.length === 1 ? '' : 's'} to build or pull`,
    detail: images.join(', '),
    hint: 'Up fetches them with progress, or fetch them now; pulls need their registry (`docker login` for private ones)',
    items,
  };
}

/**
 * The onboarding checklist for an opened stack: engine, variables, host ports, images. Only an
 * unreachable engine or a taken port blocks Up; unset variables fall back to the file's defaults and
 * missing images are built or pulled (on Up, or ahead of it).
 */
export async function runPreflight(input: PreflightInput): Promise<PreflightView> {
  const checks = [
    engineCheck(input.engine, input.platform),
    variablesCheck(input.variables),
    await portsCheck(input.stack, input.running, input.host ?? localHost),
    await imagesCheck(input.stack, input.driver),
  ];
  const blocking = checks.filter((c) => (c.id === 'engine' || c.id === 'ports') && c.state === 'problem');
  return { checks, ready: blocking.length === 0 };
}
