// Browser mode entry: `npm run web` (or `node out/main/web.js [--port N] [PATH]`). Plain Node.
import { homedir, platform } from 'node:os';
import { historyDir } from '../orchestrator/history/run-history';
import { parseArgs } from 'node:util';
import { engineAccess } from '../docker/engine-access';
import { systemClock } from '../orchestrator/clock';
import { createAppCore } from '../ipc/app-core';
import { SettingsStore, defaultSettingsFile } from '../session/settings-store';
import { VERSION } from '../version';
import { appPaths } from './paths';
import { startWebServer } from './server';

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    options: { port: { type: 'string' }, demo: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    allowPositionals: true,
  });
  if (values.help) {
    process.stdout.write(
      'Usage: stackpilot-web [--port N] [--demo | PATH]\nServes the Stackpilot UI on 127.0.0.1 and prints its URL (with a one-run token).\n',
    );
    return;
  }
  const paths = appPaths();
  const core = createAppCore(
    { cwd: process.cwd(), homeDir: homedir(), env: process.env },
    { version: VERSION, mode: 'browser', platform: platform() },
    engineAccess(process.env, homedir()),
    systemClock,
    new SettingsStore(defaultSettingsFile(process.env, homedir())),
    historyDir(process.env, homedir()),
  );
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port must be a port number, not "${values.port}"`);
  const server = await startWebServer({ rendererDir: paths.rendererDir, handlers: core.handlers, port });
  core.addSink((event, payload) => server.emit(event, payload));
  core.stacks.open({ path: positionals[0] ?? paths.demoStack });
  process.stdout.write(`Stackpilot is serving on ${server.url}\n`);
  const stop = (): void => {
    core.close();
    void server.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`stackpilot web: ${(err as Error).message}\n`);
  process.exitCode = 1;
});
