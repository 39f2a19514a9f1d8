import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DockerEngine } from '../../main/docker/engine-client';
import { isEngineError } from '../../main/orchestrator/errors';
import { mayControlDockerd, startDockerd, stopDockerd } from '../setup/dockerd';
import { TEST_IMAGE } from '../setup/images';
import { freePort } from '../support/free-port';
import { makeTlsFiles } from '../support/tls-certs';
import type { TlsFiles } from '../support/tls-certs';

const run = promisify(execFile);
const CLI = join(import.meta.dirname, '..', '..', 'out', 'main', 'cli.js');
const engine = inject('engine');
const control = mayControlDockerd();

async function refusal(env: Record<string, string>): Promise<Error & { hint?: string }> {
  const err = await DockerEngine.connect({ ...process.env, ...env }, '/root').then(
    () => new Error('it connected'),
    (e: unknown) => e as Error,
  );
  expect(isEngineError(err, 'engine-unreachable')).toBe(true);
  return err;
}

// dockerd restarted with a TCP listener that demands TLS both ways (--tlsverify), with certificates
// made here; its unix socket stays, and the test gives the engine back as it was.
describe.skipIf(!engine.available || !control.ok)(
  `Docker over TCP with TLS${control.ok ? '' : ` (skipped: ${control.why})`}`,
  () => {
    let tls: TlsFiles;
    let url: string;
    let dir: string;

    beforeAll(async () => {
      tls = makeTlsFiles();
      url = `tcp://127.0.0.1:${await freePort()}`;
      await stopDockerd();
      const file = (name: string): string => join(tls.dir, name);
      await startDockerd([
        '-H',
        'unix:///var/run/docker.sock',
        '-H',
        url,
        '--tlsverify',
        '--tlscacert',
        file('ca.pem'),
        '--tlscert',
        file('server-cert.pem'),
        '--tlskey',
        file('server-key.pem'),
      ]);
      dir = mkdtempSync(join(tmpdir(), 'stackpilot-tls-'));
      writeFileSync(
        join(dir, 'compose.yaml'),
        `services:
  db:
    image: ${TEST_IMAGE}
    init: true
    command: ["sh", "-c", "sleep 1; touch /tmp/ready; exec sleep 3600"]
    healthcheck: { test: ["CMD", "test", "-f", "/tmp/ready"], interval: 1s, retries: 30 }
  api:
    image: ${TEST_IMAGE}
    init: true
    command: ["sleep", "3600"]
    depends_on: { db: { condition: service_healthy } }
`,
      );
    });

    afterAll(async () => {
      rmSync(dir, { recursive: true, force: true });
      await stopDockerd();
      await startDockerd();
    });

    it('connects with DOCKER_TLS_VERIFY and DOCKER_CERT_PATH, and runs a stack through the command line', async () => {
      const env = {
        ...process.env,
        DOCKER_HOST: url,
        DOCKER_TLS_VERIFY: '1',
        DOCKER_CERT_PATH: tls.dir,
        NO_COLOR: '1',
      };
      const driver = await DockerEngine.connect(env, '/root');
      expect(driver.info()).toMatchObject({ endpoint: url, reason: 'DOCKER_HOST', product: 'Docker' });
      expect(driver.info().remote).toBeUndefined();
      const up = await run(process.execPath, [CLI, 'up', '-p', 'sp-tls'], { cwd: dir, env });
      expect(up.stdout.split('\n')[0]).toContain(`at ${url}, found by DOCKER_HOST`);
      expect(up.stdout).toContain('All 2 services are up in');
      await run(process.execPath, [CLI, 'down', '-t', '1', '-p', 'sp-tls'], { cwd: dir, env });
      expect(await driver.listContainers({ 'com.docker.compose.project': 'sp-tls' })).toEqual([]);
    });

    it('a client certificate another authority signed: refused, and said to be a certificate matter', async () => {
      const err = await refusal({ DOCKER_HOST: url, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: tls.strangerDir });
      expect(err.message).toContain('TLS');
      expect(err.hint).toContain('DOCKER_CERT_PATH');
    });

    it('plain HTTP to an engine that speaks TLS: says to set DOCKER_TLS_VERIFY', async () => {
      const err = await refusal({ DOCKER_HOST: url, DOCKER_TLS_VERIFY: '' });
      expect(err.message).toContain('the engine speaks TLS');
      expect(err.hint).toContain('DOCKER_TLS_VERIFY=1');
    });

    it('a DOCKER_CERT_PATH without the files: says which one is missing', async () => {
      const empty = mkdtempSync(join(tmpdir(), 'sp-tls-empty-'));
      const err = await refusal({ DOCKER_HOST: url, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: empty });
      expect(err.message).toContain(`no ${join(empty, 'ca.pem')}`);
      rmSync(empty, { recursive: true, force: true });
    });
  },
);
