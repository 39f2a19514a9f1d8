import { resolve } from 'node:path';
import { BUNDLE_LOG_LINES } from '../orchestrator/bundle/diagnostic-bundle';
import type { ContainerDriver } from '../orchestrator/driver';
import { connectedState } from '../session/engine-state';
import { hasLiveContainer } from '../session/overall';
import { describeError } from '../orchestrator/errors';
import { hostFor, localHost } from '../orchestrator/runtime/start-checks';
import { bundleFile, writeStackBundle } from '../session/bundle';
import { runPreflight } from '../session/preflight';
import { readDotenvKeys, variableStates } from '../session/variables';
import { newOrchestrator } from '../session/new-orchestrator';
import { VERSION } from '../version';
import { journalOf } from './history-command';
import { ExitCode } from './io';
import type { CliIO } from './io';
import { UsageError, loadFromArgs } from './stack-options';
import type { StackArgs } from './stack-options';

export const BUNDLE_HELP = `Usage: stackpilot bundle [OPTIONS]

Writes one archive (.tar.gz) to attach to an issue: the resolved configuration, Stackpilot's, Node's,
the OS's and the engine's versions, each service's state and the engine's health log, its last
${BUNDLE_LOG_LINES} log lines, the checklist (engine, variables, ports, images, disk) and the last runs' history.
Every secret is masked: the values of variables marked secret (x-stackpilot.env), of secrets:, of
every variable whose name looks like a password, token or key, and of the .env files.

Options: the stack options of \`stackpilot config\` (-f, --project-directory, -p, --profile), and
  -o, --output FILE   where to write it (default: stackpilot-bundle-PROJECT-TIME.tar.gz here)

Without an engine it is written all the same, saying so. Exit codes: 0 written, 1 not written, 2
invalid input.
`;

export async function bundleCommand(
  io: CliIO,
  values: StackArgs & { output?: string },
  positionals: string[],
): Promise<number> {
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
  const runner = driver ? newOrchestrator(stack, driver, io.clock) : undefined;
  try {
    await runner?.refresh();
    const services = runner?.snapshot() ?? [];
    const running = new Set(services.filter(hasLiveContainer).map((s) => s.name));
    const dotenv = readDotenvKeys(stack.projectDir);
    const info = driver?.info();
    const preflight = await runPreflight({
      stack,
      variables: variableStates(stack, (name) => io.env[name] !== undefined || dotenv.has(name)),
      engine: info
        ? connectedState(info, io.clock.now())
        : { state: 'unknown', reason: engineError ?? 'not connected' },
      driver,
      running,
      platform: process.platform,
      host: driver ? hostFor(driver, localHost) : localHost,
    });
    const at = new Date(io.clock.now()).toISOString();
    const file = resolve(io.cwd, values.output ?? bundleFile(io.cwd, stack, at));
    const sources = {
      stack,
      env: io.env,
      driver,
      runner,
      runs: journalOf(io, stack).runs(),
      preflight,
      app: { version: VERSION },
      at,
    };
    const entries = await writeStackBundle(file, engineError ? { ...sources, engineDown: engineError } : sources);
    io.stdout(`Wrote ${file} (${entries.length} files, secrets masked): ${entries.map((e) => e.name).join(', ')}\n`);
    return ExitCode.ok;
  } catch (err) {
    io.stderr(`stackpilot: could not write the bundle: ${(err as Error).message}\n`);
    return ExitCode.failure;
  } finally {
    runner?.close();
  }
}
