import type { EngineInfo } from './driver';

/** "Podman 4.3.1 (API 1.41) at unix:///run/podman/podman.sock, found by DOCKER_HOST": which engine, where, why that one. */
export function engineLabel(info: EngineInfo): string {
  const where = info.remote && info.remote.via === 'ssh' ? `${info.endpoint} (over SSH)` : info.endpoint;
  return `${info.product ?? 'Docker'} ${info.version} (API ${info.apiVersion}) at ${where}, found by ${info.reason}`;
}

/**
 * Where a published port is, in words: "localhost:8080" on a local engine; on a remote one the far
 * host's name, since that is where the engine bound it.
 */
export function portHost(info: EngineInfo): string {
  return info.remote?.host ?? 'localhost';
}
