import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { toComposeJson } from '../../main/engine/compose/compose-json';
import { parseDuration } from '../../main/engine/compose/duration';
import { loadStackOrThrow } from '../../main/engine/compose/load';
import { splitShellWords } from '../../main/engine/compose/shell-words';
import { hasDockerCompose } from '../support/docker-compose';

/**
 * `stackpilot config` against Debian's docker-compose (1.29) on realistic fixtures: both outputs are
 * brought to one shape (v1 prints short forms, we print compose v2's long forms) and compared
 * service by service, key by key.
 */
const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'compose');
const ENV = { FROM_SHELL: 'shell-value' };

function dockerCompose(): string | undefined {
  return hasDockerCompose() ? 'docker-compose' : undefined;
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === 'object' ? (v as Obj) : {});
const text = (v: unknown, fallback = ''): string => {
  if (v === undefined || v === null) return fallback;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
};
const ms = (v: unknown): number | undefined => (typeof v === 'string' ? parseDuration(v) : undefined);

function words(v: unknown): string[] | null {
  if (v === undefined || v === null) return null;
  return typeof v === 'string' ? splitShellWords(v).words : (v as unknown[]).map(String);
}

function port(p: unknown): string {
  // v1 keeps mappings with a host IP as a short string: "127.0.0.1:15432:5432/tcp".
  const short = typeof p === 'string' ? /^(?:(.+):)?(\d+):(\d+)(?:\/(\w+))?$/.exec(p) : null;
  if (short) return `${short[1] ?? ''}|${short[2]}|${short[3]}|${short[4] ?? 'tcp'}`;
  const o = obj(p);
  return `${text(o.host_ip)}|${text(o.published)}|${text(o.target)}|${text(o.protocol, 'tcp')}`;
}

function volume(v: unknown): string {
  if (typeof v === 'string') {
    const [a = '', b, mode = ''] = v.split(':');
    if (b === undefined) return `volume||${a}|false`;
    return `${a.startsWith('/') ? 'bind' : 'volume'}|${a}|${b}|${mode.split(',').includes('ro')}`;
  }
  const o = obj(v);
  return `${text(o.type)}|${text(o.source)}|${text(o.target)}|${o.read_only === true}`;
}

function dependsOn(v: unknown): Obj {
  if (Array.isArray(v)) return Object.fromEntries(v.map((n) => [String(n), 'service_started']));
  return Object.fromEntries(Object.entries(obj(v)).map(([k, d]) => [k, obj(d).condition ?? 'service_started']));
}

function healthcheck(v: unknown): Obj | undefined {
  if (v === undefined) return undefined;
  const h = obj(v);
  const test = typeof h.test === 'string' ? ['CMD-SHELL', h.test] : h.test;
  // v2 prints `disable: true`; v1 prints `test: [NONE]`. Both mean no health check.
  if (h.disable === true || (Array.isArray(test) && test[0] === 'NONE')) return { disabled: true };
  return { test, interval: ms(h.interval), timeout: ms(h.timeout), retries: h.retries, start_period: ms(h.start_period) };
}

/** One shape for both outputs: only what both versions print, normalised. */
function project(service: unknown): Obj {
  const s = obj(service);
  const build = s.build ? obj(s.build) : undefined;
  return {
    image: s.image,
    build: build ? { context: build.context, dockerfile: build.dockerfile ?? 'Dockerfile', args: build.args ?? {} } : undefined,
    command: words(s.command),
    entrypoint: words(s.entrypoint),
    environment: s.environment ?? {},
    depends_on: dependsOn(s.depends_on),
    ports: ((s.ports as unknown[] | undefined) ?? []).map(port).sort(),
    expose: ((s.expose as unknown[] | undefined) ?? []).map(String).sort(),
    volumes: ((s.volumes as unknown[] | undefined) ?? []).map(volume).sort(),
    healthcheck: healthcheck(s.healthcheck),
    labels: s.labels ?? {},
    restart: s.restart,
    stop_signal: s.stop_signal,
    stop_grace_period: ms(s.stop_grace_period),
    user: s.user,
    working_dir: s.working_dir,
    hostname: s.hostname,
    init: s.init,
    extra_hosts: ((s.extra_hosts as string[] | undefined) ?? []).map((h) => h.replace(/^([^:=]+)[:=]/, '$1=')).sort(),
    networks: Object.keys(obj(s.networks ?? { default: null })).sort(),
    profiles: s.profiles ?? [],
  };
}

const composeBin = dockerCompose();
const fixtures = readdirSync(FIXTURES, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name);

describe.skipIf(!composeBin)('config agrees with docker-compose on realistic files', () => {
  it('has fixtures to compare', () => expect(fixtures.length).toBeGreaterThanOrEqual(3));

  it.each(fixtures)('%s', (name) => {
    const dir = join(FIXTURES, name);
    const theirs = parse(execFileSync('docker-compose', ['--profile', 'tools', 'config'], { cwd: dir, env: { ...process.env, ...ENV }, encoding: 'utf8' })) as Obj;
    const ours = toComposeJson(loadStackOrThrow({ cwd: dir, env: ENV, homeDir: '/home/dev', profiles: ['tools'] }));
    const theirServices = obj(theirs.services);
    const ourServices = obj(ours.services);
    expect(Object.keys(ourServices).sort()).toEqual(Object.keys(theirServices).sort());
    for (const svc of Object.keys(theirServices)) {
      expect({ service: svc, ...project(ourServices[svc]) }).toEqual({ service: svc, ...project(theirServices[svc]) });
    }
    expect(Object.keys(obj(ours.volumes)).sort()).toEqual(Object.keys(obj(theirs.volumes)).sort());
    expect(
      Object.keys(obj(ours.networks))
        .filter((n) => n !== 'default')
        .sort(),
    ).toEqual(Object.keys(obj(theirs.networks)).sort());
  });
});
