import type { ModelPath } from './diagnostics';
import { readBytes, readCpus } from './engine-settings';
import { reportUnapplied } from './key-support';
import { readReservedDevices } from './device-requests';
import type { DeviceRequest, RestartPolicy } from './model';
import type { Reader } from './reader';
import type { ServiceLayer } from './service-layer';

export interface DeployResources {
  limits?: { cpus?: number; memory?: number; pids?: number };
  reservations?: { memory?: number; devices?: DeviceRequest[] };
}

/**
 * `deploy`, as compose v2 applies it to containers: replicas, resource limits and the memory
 * reservation, the restart policy; what only a swarm scheduler uses is reported as such (key-support.ts).
 */
export function readDeploy(layer: ServiceLayer, value: unknown, path: ModelPath, r: Reader): void {
  if (value === null) return;
  const map = r.map(value, path);
  if (!map) return;
  layer.deployWritten = true;
  for (const [key, v] of Object.entries(map)) {
    const p = [...path, key];
    if (key === 'replicas') layer.deployReplicas = r.int(v, p, 0, 10_000);
    else if (key === 'resources') layer.deployResources = readDeployResources(v, p, r);
    else if (key === 'restart_policy') {
      layer.deployRestart = readDeployRestart(v, p, r);
      layer.deployRestartWritten = writtenRestartPolicy(v);
    } else if (!key.startsWith('x-')) reportUnapplied(r, p, 'service.deploy', key);
  }
}

function readDeployResources(value: unknown, path: ModelPath, r: Reader): DeployResources | undefined {
  const map = r.map(value, path);
  if (!map) return undefined;
  const out: DeployResources = {};
  for (const [key, v] of Object.entries(map)) {
    const p = [...path, key];
    const m = key === 'limits' || key === 'reservations' ? r.map(v, p) : undefined;
    if (key === 'limits' && m) {
      const limits: NonNullable<DeployResources['limits']> = {};
      for (const [k, lv] of Object.entries(m)) {
        const kp = [...p, k];
        if (k === 'cpus') limits.cpus = readCpus(lv, kp, r);
        else if (k === 'memory') limits.memory = readBytes(lv, kp, r);
        else if (k === 'pids') limits.pids = r.int(lv, kp, -1);
        else if (!k.startsWith('x-')) reportUnapplied(r, kp, 'service.deploy.resources.limits', k);
      }
      out.limits = limits;
    } else if (key === 'reservations' && m) {
      const reservations: NonNullable<DeployResources['reservations']> = {};
      for (const [k, rv] of Object.entries(m)) {
        const kp = [...p, k];
        if (k === 'memory') reservations.memory = readBytes(rv, kp, r);
        else if (k === 'devices') reservations.devices = readReservedDevices(rv, kp, r);
        else if (!k.startsWith('x-')) reportUnapplied(r, kp, 'service.deploy.resources.reservations', k);
      }
      out.reservations = reservations;
    } else if (key !== 'limits' && key !== 'reservations' && !key.startsWith('x-'))
      reportUnapplied(r, p, 'service.deploy.resources', key);
  }
  return out;
}

/** The restart policy as compose prints it back (`config`): condition and max_attempts as written. */
function writtenRestartPolicy(value: unknown): { condition?: string; maxAttempts?: number } | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const m = value as Record<string, unknown>;
  return {
    ...(typeof m.condition === 'string' ? { condition: m.condition } : {}),
    ...(typeof m.max_attempts === 'number' ? { maxAttempts: m.max_attempts } : {}),
  };
}

/** Compose maps a deploy restart policy onto the engine's: none → no, any → always, on-failure[:max_attempts]. */
function readDeployRestart(value: unknown, path: ModelPath, r: Reader): RestartPolicy | undefined {
  const map = r.map(value, path);
  if (!map) return undefined;
  let condition = 'any';
  let max: number | undefined;
  for (const [key, v] of Object.entries(map)) {
    const p = [...path, key];
    if (key === 'condition') condition = r.string(v, p) ?? condition;
    else if (key === 'max_attempts') max = r.int(v, p, 0);
    else if (!key.startsWith('x-')) reportUnapplied(r, p, 'service.deploy.restart_policy', key);
  }
  if (condition === 'none') return 'no';
  if (condition === 'any') return 'always';
  if (condition === 'on-failure') return max ? `on-failure:${max}` : 'on-failure';
  r.error(
    [...path, 'condition'],
    'invalid-value',
    `unknown restart condition "${condition}"`,
    'use none, on-failure or any',
  );
  return undefined;
}
