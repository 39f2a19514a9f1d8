import { arch, release, type } from 'node:os';
import { join } from 'node:path';
import { BUNDLE_LOG_LINES, writeBundle } from '../orchestrator/bundle/diagnostic-bundle';
import type { BundleInput } from '../orchestrator/bundle/diagnostic-bundle';
import type { Stack } from '../orchestrator/compose/model';
import type { ContainerDriver } from '../orchestrator/driver';
import { engineLabel } from '../orchestrator/engine-label';
import type { RunRecord } from '../orchestrator/history/run-record';
import { tailLines } from '../orchestrator/logs/tail';
import { healthReports } from '../orchestrator/runtime/health-report';
import type { Orchestrator } from '../orchestrator/runtime/orchestrator';

/** What a diagnostic bundle is made from, whichever face asks for it. */
export interface BundleSources {
  stack: Stack;
  /** The environment the stack was read with (the process's, and any values given this session). */
  env: Readonly<Record<string, string | undefined>>;
  /** The engine, when one answers. */
  driver: ContainerDriver | undefined;
  /** Why no engine answers, when none does. */
  engineDown?: string;
  /** The stack's orchestrator, when connected: its states, and its log lines when it keeps them. */
  runner: Orchestrator | undefined;
  runs: readonly RunRecord[];
  /** The checklist's results, or why it could not run. */
  preflight: unknown;
  /** Stackpilot's version, and the face that wrote it (the desktop app's platform, or none). */
  app: { version: string; platform?: string };
  /** When (ISO). */
  at: string;
}

/** The engine in the bundle's words: the same label the window shows, so Podman is called Podman. */
function engineLine(driver: ContainerDriver | undefined, engineDown: string | undefined): string {
  const info = driver?.info();
  return info ? engineLabel(info) : `not reachable: ${engineDown ?? 'not connected'}`;
}

/**
 * The last lines of each service: those the orchestrator followed when it keeps them (every replica,
 * marked), else those the engine keeps for each service's container.
 */
async function lastLogLines(
  runner: Orchestrator | undefined,
  driver: ContainerDriver | undefined,
): Promise<Record<string, string[]>> {
  const logs: Record<string, string[]> = {};
  for (const s of runner?.snapshot() ?? []) {
    const followed = runner?.logs?.lines([s.name]);
    if (followed)
      logs[s.name] = followed
        .slice(-BUNDLE_LOG_LINES)
        .map((e) => `${e.timestamp} ${e.stream} ${e.replica > 1 ? `[${e.replica}] ` : ''}${e.text}`);
    else if (driver && s.containerId)
      logs[s.name] = (await tailLines(driver, s.containerId, BUNDLE_LOG_LINES)).map(
        (l) => `${l.timestamp} ${l.stream} ${l.text}`,
      );
  }
  return logs;
}

/** Everything a bundle holds, gathered now. */
export async function bundleInput(src: BundleSources): Promise<BundleInput> {
  const services = src.runner?.snapshot() ?? [];
  return {
    stack: src.stack,
    env: src.env,
    versions: {
      stackpilot: src.app.version,
      node: process.version,
      os: `${type()} ${release()} (${arch()})`,
      ...(src.app.platform ? { platform: src.app.platform } : {}),
      engine: engineLine(src.driver, src.engineDown),
    },
    services,
    health: await healthReports(src.driver, src.stack, services),
    logs: await lastLogLines(src.runner, src.driver),
    preflight: src.preflight,
    runs: src.runs,
    at: src.at,
  };
}

/** The bundle's default name, in `dir`: stackpilot-bundle-PROJECT-TIME.tar.gz. */
export function bundleFile(dir: string, stack: Stack, at: string): string {
  return join(dir, `stackpilot-bundle-${stack.name}-${at.replace(/[:.]/g, '-')}.tar.gz`);
}

/** Gathers and writes a bundle; returns its files. Throws when it cannot be written. */
export async function writeStackBundle(file: string, src: BundleSources): Promise<{ name: string; bytes: number }[]> {
  return writeBundle(file, await bundleInput(src));
}
