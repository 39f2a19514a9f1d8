import type { Stack } from '../orchestrator/compose/model';
import type { ContainerDriver } from '../orchestrator/driver';
import { statfs } from 'node:fs/promises';
import { imageName } from '../orchestrator/runtime/container-spec';
import { featuresTooNew } from '../orchestrator/runtime/engine-features';
import { localHost } from '../orchestrator/runtime/start-checks';
import type { HostProbe } from '../orchestrator/runtime/start-checks';
import type { EngineState } from './engine-state';

/** One line of the checklist: a concern, its verdict, what to do, and the items it looked at. */
export interface PreflightCheck {
  id: 'engine' | 'variables' | 'ports' | 'images' | 'disk';
  /** warning: worth knowing, nothing blocks Up. */
  state: 'ok' | 'problem' | 'warning' | 'unknown';
  title: string;
  detail: string;
  /** What to do, when something is wrong. */
  hint?: string;
  items: { name: string; ok: boolean; detail: string }[];
}

export interface Preflight {
  checks: PreflightCheck[];
  /** Nothing blocks Up (warnings may remain). */
  ready: boolean;
}

/** What the checklist needs of a variable: whether it has a value, and whether the stack needs one. */
export interface VariableState {
  name: string;
  set: boolean;
  required: boolean;
}

export interface PreflightInput {
  stack: Stack;
  variables: readonly VariableState[];
  engine: EngineState;
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
  if (platform === 'win32')
    return 'start Docker Desktop and wait for "Engine running", then Stackpilot reconnects by itself';
  return 'start the engine: `sudo systemctl start docker` (or run `dockerd`); check that your user may use /var/run/docker.sock (the docker group)';
}

/** The engine answers, and is recent enough for what the file uses (else what it refuses or goes without). */
function engineCheck(
  engine: EngineState,
  platform: string,
  stack: Stack,
  driver: ContainerDriver | undefined,
): PreflightCheck {
  if (engine.state !== 'connected')
    return {
      id: 'engine',
      state: 'problem',
      title: 'Engine not reachable',
      detail: engine.reason,
      hint: startEngineHint(platform),
      items: [],
    };
  const info = driver?.info();
  const needs = info ? featuresTooNew(stack, info.apiVersion) : [];
  const items = needs.map((n) => ({
    name: n.what,
    ok: false,
    detail: `needs Docker ${n.docker} (API ${n.api})${n.effect === 'refused' ? ': Up refuses it, as compose does' : ''}`,
  }));
  const detail = engine.engine ?? 'connected';
  if (needs.length === 0) return { id: 'engine', state: 'ok', title: 'Engine reachable', detail, items: [] };
  const refused = needs.some((n) => n.effect === 'refused');
  return {
    id: 'engine',
    state: refused ? 'problem' : 'warning',
    title: refused ? 'Engine too old for this file' : 'Engine older than this file expects',
    detail: `${detail}; ${needs.map((n) => n.what).join('; ')}`,
    hint: `update Docker to ${
      needs
        .map((n) => n.docker)
        .sort()
        .at(-1) ?? ''
    } or later${refused ? ', or remove what it cannot do from the file' : ''}`,
    items,
  };
}

const GiB = 1024 ** 3;
/** Less free space than this where the engine keeps images and volumes is worth a warning. */
const LOW_DISK = 2 * GiB;

const size = (bytes: number): string =>
  bytes >= GiB ? `${(bytes / GiB).toFixed(1)} GiB` : `${Math.round(bytes / 1024 ** 2)} MiB`;

/** Free space where the engine keeps its data; only for an engine on this machine (a remote one's disk is not ours to read). */
async function diskCheck(driver: ContainerDriver | undefined): Promise<PreflightCheck> {
  const info = driver?.info();
  if (!driver || !info)
    return { id: 'disk', state: 'unknown', title: 'Disk space', detail: 'checked once the engine answers', items: [] };
  const root = await driver.dataRoot?.().catch(() => undefined);
  if (!root || !info.endpoint.startsWith('unix://'))
    return {
      id: 'disk',
      state: 'unknown',
      title: 'Disk space',
      detail: `the engine's disk is not on this machine (${info.endpoint})`,
      items: [],
    };
  let free: number;
  try {
    const fs = await statfs(root);
    free = fs.bavail * fs.bsize;
  } catch {
    // Docker Desktop and colima keep it inside their VM: not readable from here.
    return {
      id: 'disk',
      state: 'unknown',
      title: 'Disk space',
      detail: `${root} is inside the engine's VM: not readable from here`,
      items: [],
    };
  }
  if (free >= LOW_DISK)
    return { id: 'disk', state: 'ok', title: 'Disk space', detail: `${size(free)} free in ${root}`, items: [] };
  return {
    id: 'disk',
    state: 'warning',
    title: 'Disk space low',
    detail: `${size(free)} free in ${root}`,
    hint: 'pulls, builds and volumes may fail: `docker system prune` removes what nothing uses',
    items: [],
  };
}

function variablesCheck(variables: readonly VariableState[]): PreflightCheck {
  const unset = variables.filter((v) => v.required && !v.set);
  const items = variables.map((v) => ({
    name: v.name,
    ok: v.set || !v.required,
    detail: v.set ? 'set' : v.required ? 'not set' : 'default applies',
  }));
  if (unset.length === 0)
    return {
      id: 'variables',
      state: 'ok',
      title: 'Variables set',
      detail: variables.length === 0 ? 'the stack declares none' : `${variables.length} declared, all set or defaulted`,
      items,
    };
  return {
    id: 'variables',
    state: 'problem',
    title: `${unset.length} variable${unset.length === 1 ? '' : 's'} to set`,
    detail: unset.map((v) => v.name).join(', '),
    hint: 'give them below; until then the compose file’s own defaults apply',
    items,
  };
}

/** A remote engine's ports are on its host: not this machine's to check. */
function farPortsCheck(host: string): PreflightCheck {
  return {
    id: 'ports',
    state: 'ok',
    title: 'Host ports',
    detail: `on ${host}, where the engine runs: it says at start if one is taken there`,
    items: [],
  };
}

async function portsCheck(stack: Stack, running: ReadonlySet<string>, host: HostProbe): Promise<PreflightCheck> {
  const items: PreflightCheck['items'] = [];
  for (const service of Object.values(stack.services)) {
    const published = service.ports.filter((p) => p.protocol === 'tcp' && p.published && !p.published.includes('-'));
    if (published.length === 0) continue;
    if (running.has(service.name)) {
      for (const p of published)
        items.push({ name: `${service.name} :${p.published}`, ok: true, detail: 'published by this stack' });
      continue;
    }
    const taken = await host.takenPorts(published);
    for (const p of published) {
      const problem = taken.find((t) => String(t.port) === p.published);
      items.push({
        name: `${service.name} :${p.published}`,
        ok: !problem,
        detail: problem ? `in use${problem.holder ? ` by ${problem.holder}` : ''}` : 'free',
      });
    }
  }
  const bad = items.filter((i) => !i.ok);
  if (bad.length === 0)
    return {
      id: 'ports',
      state: 'ok',
      title: 'Host ports free',
      detail: items.length === 0 ? 'nothing published' : `${items.length} checked`,
      items,
    };
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
  if (!driver)
    return { id: 'images', state: 'unknown', title: 'Images', detail: 'checked once the engine answers', items: [] };
  // Every service at once: a registry that does not answer costs its timeout once, not once per image;
  // an image many services share is asked for once.
  const pulls = new Map<string, Promise<{ layers: number; bytes: number } | undefined>>();
  const pullSize = (image: string): Promise<{ layers: number; bytes: number } | undefined> => {
    let p = pulls.get(image);
    if (!p) {
      p = driver.pullSize ? driver.pullSize(image).catch(() => undefined) : Promise.resolve(undefined);
      pulls.set(image, p);
    }
    return p;
  };
  // A provider's service has no image: its program makes what it runs.
  const imaged = Object.values(stack.services).filter((s) => !s.provider);
  const items: PreflightCheck['items'] = await Promise.all(
    imaged.map(async (service) => {
      const image = imageName(stack, service);
      // An engine error here counts as "not present": Up then says precisely what went wrong.
      const present = await driver.hasImage(image).catch(() => false);
      if (present) {
        const bytes = (await driver.imageInfo(image).catch(() => undefined))?.size;
        return {
          name: service.name,
          ok: true,
          detail: `${image} present${bytes !== undefined ? ` (${size(bytes)})` : ''}`,
        };
      }
      if (service.build)
        return { name: service.name, ok: false, detail: `${image} not built yet: built on Up, or now` };
      const pull = await pullSize(image);
      const what = pull
        ? `up to ${size(pull.bytes)} in ${pull.layers} layer${pull.layers === 1 ? '' : 's'} to pull (less if it shares layers with images here)`
        : driver.pullSize
          ? 'its registry did not say how much to pull'
          : '';
      return {
        name: service.name,
        ok: false,
        detail: `${image} not present: pulled on Up, or now${what ? `; ${what}` : ''}`,
      };
    }),
  );
  const missing = items.filter((i) => !i.ok);
  if (missing.length === 0) {
    const sizes = await Promise.all(
      [...new Set(imaged.map((s) => imageName(stack, s)))].map(
        async (i) => (await driver.imageInfo(i).catch(() => undefined))?.size ?? 0,
      ),
    );
    const total = sizes.reduce((a, b) => a + b, 0);
    return {
      id: 'images',
      state: 'ok',
      title: 'Images present',
      detail: `${items.length} service${items.length === 1 ? '' : 's'}, ${sizes.length} image${sizes.length === 1 ? '' : 's'}, ${size(total)} on disk`,
      items,
    };
  }
  const images = [...new Set(missing.map((m) => m.detail.split(' ')[0]))];
  return {
    id: 'images',
    state: 'problem',
    title: `${images.length} image${images.length === 1 ? '' : 's'} to build or pull`,
    detail: images.join(', '),
    hint: 'Up fetches them with progress, or fetch them now; pulls need their registry (`docker login` for private ones), and their size is known once it answers',
    items,
  };
}

/**
 * The onboarding checklist for an opened stack: engine (and its version against what the file
 * uses), variables, host ports, images (their size), disk space where the engine keeps them. Only an
 * unreachable engine or a taken port blocks Up; unset variables fall back to the file's defaults and
 * missing images are built or pulled (on Up, or ahead of it).
 */
export async function runPreflight(input: PreflightInput): Promise<Preflight> {
  const checks = [
    engineCheck(input.engine, input.platform, input.stack, input.driver),
    variablesCheck(input.variables),
    input.driver?.info().remote
      ? farPortsCheck(input.driver.info().remote?.host ?? '')
      : await portsCheck(input.stack, input.running, input.host ?? localHost),
    await imagesCheck(input.stack, input.driver),
    await diskCheck(input.driver),
  ];
  const blocking = checks.filter((c) => (c.id === 'engine' || c.id === 'ports') && c.state === 'problem');
  return { checks, ready: blocking.length === 0 };
}
