import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DockerEngine } from '../../main/docker/engine-client';
import { buildFixtureImages } from './images';
import { isCI } from './engine';

export interface ExtraEngine {
  available: boolean;
  reason: string;
  /** What the engine calls itself: "Docker" or "Podman". */
  product: string;
  /** What points Stackpilot (and the docker CLI) at it: DOCKER_HOST and friends. */
  env: Record<string, string>;
}

export const PODMAN_SOCKET = join(tmpdir(), 'stackpilot-test-podman.sock');
const CONTAINERS_CONF = '/etc/containers/containers.conf';

function has(command: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

async function connects(env: Record<string, string>): Promise<DockerEngine | undefined> {
  try {
    return await DockerEngine.connect({ ...process.env, ...env }, '/root');
  } catch {
    return undefined;
  }
}

/**
 * Podman's Docker-compatible API for the tests: `podman system service` on a socket of the tests' own.
 * In CI the machine cannot raise a container's rlimits, so podman's default ulimits fail every run
 * ("error setting rlimits"); CI alone gets a containers.conf that sets them lower (a laptop's podman
 * works as installed, and its /etc is not ours to change).
 */
export async function ensurePodman(): Promise<ExtraEngine> {
  const env = { DOCKER_HOST: `unix://${PODMAN_SOCKET}` };
  if (!has('podman')) {
    if (isCI()) throw new Error('CI=true but podman is not installed: apt-get install -y podman catatonit');
    return {
      available: false,
      reason: 'podman is not installed (apt-get install -y podman catatonit)',
      product: 'Podman',
      env,
    };
  }
  if (isCI() && !(existsSync(CONTAINERS_CONF) && readFileSync(CONTAINERS_CONF, 'utf8').includes('default_ulimits'))) {
    mkdirSync('/etc/containers', { recursive: true });
    appendFileSync(CONTAINERS_CONF, '\n[containers]\ndefault_ulimits = ["nofile=1024:1024", "nproc=1024:1024"]\n');
  }
  let engine = await connects(env);
  if (!engine) {
    const log = join(tmpdir(), 'stackpilot-test-podman.log');
    const child = spawn('podman', ['system', 'service', '--time=0', env.DOCKER_HOST], {
      detached: true,
      stdio: ['ignore', openSync(log, 'a'), openSync(log, 'a')],
    });
    child.on('error', () => undefined);
    child.unref();
    for (let i = 0; i < 60 && !engine; i++) {
      await new Promise((r) => setTimeout(r, 500));
      engine = await connects(env);
    }
    if (!engine) {
      const why = `podman system service did not answer on ${PODMAN_SOCKET} within 30 s; see ${log}`;
      if (isCI()) throw new Error(`CI=true: ${why}`);
      return { available: false, reason: why, product: 'Podman', env };
    }
  }
  await buildFixtureImages(engine);
  const info = engine.info();
  return {
    available: true,
    reason: `${info.product ?? 'Podman'} ${info.version} (API ${info.apiVersion})`,
    product: 'Podman',
    env,
  };
}
