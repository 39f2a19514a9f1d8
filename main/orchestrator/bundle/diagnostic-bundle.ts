import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { gzipSync } from 'node:zlib';
import { stringify } from 'yaml';
import { toComposeJson } from '../compose/compose-json';
import type { Stack } from '../compose/model';
import type { RunRecord } from '../history/run-record';
import type { HealthReport } from '../runtime/health-report';
import type { ServiceSnapshot } from '../runtime/service-state';
import { USTAR_END, ustarHeader, ustarPadding } from '../ustar';
import { SecretMask, maskSecretNames, secretValues } from './secret-mask';

/** Log lines kept per service. */
export const BUNDLE_LOG_LINES = 200;
/** Runs of history kept. */
const BUNDLE_RUNS = 10;

/** What goes into a diagnostic bundle, gathered by whoever writes it (the window, or the CLI). */
export interface BundleInput {
  stack: Stack;
  /** The environment the stack was read with (the process's, and any values given this session). */
  env: Readonly<Record<string, string | undefined>>;
  versions: Record<string, string>;
  services: readonly ServiceSnapshot[];
  health: Readonly<Record<string, HealthReport | undefined>>;
  /** Each service's last lines, oldest first. */
  logs: Readonly<Record<string, readonly string[]>>;
  /** The checklist's results, as shown; none when it could not run. */
  preflight?: unknown;
  runs: readonly RunRecord[];
  /** When it was made (ISO). */
  at: string;
}

export interface BundleEntry {
  name: string;
  text: string;
}

const README = (
  input: BundleInput,
  masked: number,
): string => `Stackpilot diagnostic bundle: ${input.stack.name}, made ${input.at}

config.yaml      the resolved compose configuration (as \`stackpilot config\` prints it)
versions.json    Stackpilot, Node, the OS and the engine
services.json    each service's state and reason, timeline, exits and the engine's health log
logs/SERVICE.log each service's last ${BUNDLE_LOG_LINES} log lines
preflight.json   the checklist's results
history.json     the last ${BUNDLE_RUNS} runs (per service: phases, time to ready, attempts)

Secrets are masked as ******** everywhere in it: the values of the variables marked secret, of
secrets:, of every variable whose name looks like a password, token or key, and of the .env files
(${masked} distinct values). Read it before you attach it anywhere all the same.
`;

/** The bundle's files, every text masked. Pure: what `writeBundle` archives. */
export function bundleEntries(input: BundleInput): BundleEntry[] {
  const mask = new SecretMask(secretValues(input.stack, input.env));
  const json = (v: unknown): string => `${JSON.stringify(v, null, 2)}\n`;
  const services = input.services.map((s) => ({
    name: s.name,
    status: s.status,
    reason: s.reason,
    since: new Date(s.since).toISOString(),
    ...(s.exitCode !== undefined ? { exitCode: s.exitCode } : {}),
    restarts: s.restarts ?? 0,
    outdated: s.outdated,
    timeline: s.timeline.map((t) => ({
      at: new Date(t.at).toISOString(),
      status: t.status,
      reason: t.reason,
      ...(t.kind ? { kind: t.kind } : {}),
    })),
    exits: (s.exits ?? []).map((e) => ({
      at: new Date(e.at).toISOString(),
      exitCode: e.exitCode,
      reason: e.reason,
      lines: e.lines,
    })),
    ...(input.health[s.name] ? { health: input.health[s.name] } : {}),
  }));
  const entries: BundleEntry[] = [
    { name: 'README.txt', text: README(input, mask.size) },
    {
      name: 'config.yaml',
      text: stringify(maskSecretNames(toComposeJson(input.stack)), { lineWidth: 0, aliasDuplicateObjects: false }),
    },
    { name: 'versions.json', text: json(input.versions) },
    { name: 'services.json', text: json(services) },
    { name: 'preflight.json', text: json(input.preflight ?? { note: 'the checklist did not run' }) },
    { name: 'history.json', text: json(input.runs.slice(-BUNDLE_RUNS)) },
    ...Object.entries(input.logs).map(([service, lines]) => ({
      name: `logs/${service}.log`,
      text: `${lines.slice(-BUNDLE_LOG_LINES).join('\n')}\n`,
    })),
  ];
  return entries.map((e) => ({ name: e.name, text: mask.mask(e.text) }));
}

/** The entries as a .tar.gz, under one folder named for the stack and the time. */
export function bundleArchive(folder: string, entries: readonly BundleEntry[], mtime: number): Buffer {
  const parts: Buffer[] = [];
  for (const e of entries) {
    const body = Buffer.from(e.text, 'utf8');
    parts.push(
      ustarHeader(`${folder}/${e.name}`, { size: body.length, mode: 0o600, uid: 0, gid: 0, type: '0', mtime }),
      body,
      ustarPadding(body.length),
    );
  }
  parts.push(USTAR_END);
  return gzipSync(Buffer.concat(parts));
}

/** Writes the bundle (readable by its owner only: it describes their machine); returns its entries' names and sizes. */
export function writeBundle(file: string, input: BundleInput): { name: string; bytes: number }[] {
  const entries = bundleEntries(input);
  const folder = `stackpilot-bundle-${input.stack.name}-${input.at.replace(/[:.]/g, '-')}`;
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, bundleArchive(folder, entries, Math.floor(Date.parse(input.at) / 1000)), { mode: 0o600 });
  return entries.map((e) => ({ name: e.name, bytes: Buffer.byteLength(e.text) }));
}
