import { arch, release, type } from 'node:os';
import { join, resolve } from 'node:path';
import { BUNDLE_LOG_LINES, writeBundle } from '../engine/bundle/diagnostic-bundle';
import type { Stack } from '../engine/compose/model';
import type { ContainerDriver } from '../engine/driver';
import { describeError } from '../engine/errors';
import { imageName } from '../engine/runtime/container-spec';
import { healthReports } from '../engine/runtime/health-report';
import { takenPorts } from '../engine/runtime/port-preflight';
import { StackRunner } from '../engine/runtime/stack-runner';
import { VERSION } from '../version';
import { historyOf } from './history-command';
import { ExitCode } from './io';
import type { CliIO } from './io';
import { UsageError, loadFromArgs } from './stack-options';
import type { StackArgs } from './stack-options';

export const BUNDLE_HELP = `Usage: stackpilot bundle [OPTIONS]

Writes one archive (.tar.gz) to attach to an issue: the resolved configuration, Stackpilot's, Node's,
the OS's and the engine's versions, each service's state and the engine's health log, its last
${BUNDLE_LOG_LINES} log lines, the checklist (engine, ports, images) and the last runs' history.
Every secret is masked: the values of variables marked secret (x-stackpilot.env), of secrets:, of
every variable whose name looks like a password, token or key, and of the .env files.

Options: the stack options of \`stackpilot config\` (-f, --project-directory, -p, --profile), and
  -o, --output FILE   where to write it (default: stackpilot-bundle-PROJECT-TIME.tar.gz here)

Without an engine it is written all the same, saying so. Exit codes: 0 written, 1 not written, 2
invalid input.
`;

/** The last lines of one container, as the engine keeps them. */
function lastLines(driver: ContainerDriver, id: string): Promise<string[]> {
  return new Promise((done) => {
    const lines: string[] = [];
    driver.logs(
      id,
      { follow: false, tail: BUNDLE_LOG_LINES },
      (l) => lines.push(`${l.timestamp} ${l.stream} ${l.text}`),
      () => done(lines),
    );
  });
}

/** The checklist the command line can run: the engine, the published ports, the images. */
async function checklist(stack: Stack, driver: ContainerDriver | undefined, engineError: string | undefined, running: ReadonlySet<string>): Promise<unknown> {
  const idle = Object.entries(stack.services).filter(([n]) => !running.has(n));
  const ports = await takenPorts(idle.flatMap(([, s]) => s.ports)).catch(() => []);
  const images = driver ? await Promise.all(idle.map(async ([n, s]) => ({ service: n, image: imageName(stack, s), present: await driver.hasImage(imageName(stack, s)).catch(() => false) }))) : [];
  return { engine: driver ? 'reachable' : `not reachable: ${engineError ?? ''}`, portsTaken: ports, images };
}

export async function bundleCommand(io: CliIO, values: StackArgs & { output?: string }, positionals: string[]): Promise<number> {
  if (positionals.length > 0) throw new UsageError(`bundle takes no service names (got ${positionals.join(' ')})`);
  const stack = loadFromArgs(io, values);
  if (!stack) return ExitCode.invalidInput;
  let driver: ContainerDriver | undefined;
  let engineError: string | undefined;
  try {
    driver = await io.connectEngine();
  } catch (err) {
    engineError = describeError(err);
    io.stderr(`note: no Docker engine answered (${engineError}): the bundle says so, and has no states or logs\n`);
  }
  const runner = driver ? new StackRunner(stack, { driver, clock: io.clock }) : undefined;
  try {
    await runner?.refresh();
    const services = runner?.snapshot() ?? [];
    const info = driver?.info();
    const health = await healthReports(driver, stack, services);
    const logs: Record<string, string[]> = {};
    for (const s of services) if (driver && s.containerId) logs[s.name] = await lastLines(driver, s.containerId);
    const running = new Set(services.filter((s) => s.containerId && (s.status === 'ready' || s.status === 'starting' || s.status === 'unhealthy')).map((s) => s.name));
    const at = new Date(io.clock.now()).toISOString();
    const file = resolve(io.cwd, values.output ?? join(io.cwd, `stackpilot-bundle-${stack.name}-${at.replace(/[:.]/g, '-')}.tar.gz`));
    const entries = writeBundle(file, {
      stack,
      env: io.env,
      versions: {
        stackpilot: VERSION,
        node: process.version,
        os: `${type()} ${release()} (${arch()})`,
        engine: info ? `Docker ${info.version} (API ${info.apiVersion}) at ${info.endpoint}` : `not reachable: ${engineError ?? ''}`,
      },
      services,
      health,
      logs,
      preflight: await checklist(stack, driver, engineError, running),
      runs: historyOf(io, stack).list(),
      at,
    });
    io.stdout(`Wrote ${file} (${entries.length} files, secrets masked): ${entries.map((e) => e.name).join(', ')}\n`);
    return ExitCode.ok;
  } catch (err) {
    io.stderr(`stackpilot: could not write the bundle: ${(err as Error).message}\n`);
    return ExitCode.failure;
  } finally {
    runner?.close();
  }
}
