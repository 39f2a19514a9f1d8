import type { Subscription } from '../orchestrator/driver';
import { Label } from '../orchestrator/runtime/labels';
import { ExitCode, paint } from './io';
import type { CliIO } from './io';
import { serviceColor } from './service-colors';
import { UsageError, checkServiceNames, loadFromArgs } from './stack-options';
import { fromEngine } from './engine-session';
import { parseDuration } from '../orchestrator/compose/duration';
import type { StackArgs } from './stack-options';

export const LOGS_HELP = `Usage: stackpilot logs [OPTIONS] [SERVICE...]

Print the logs of the stack's services (all, or the named ones), each line prefixed with its service.

Options: the stack options (--file, --project-directory, -p, --profile), and
  -f, --follow          keep printing new lines until Ctrl-C
  -n, --tail N          only the last N lines of each service (default: all)
      --since WHEN      only lines since a time (2026-12-06T10:00:00Z, or a Unix time) or for a while (42m, 1h30m)
      --until WHEN      only lines before a time, or before a while ago (the same forms)
      --index N         only replica N's lines, for a service with several
  -t, --timestamps      show the engine's timestamp of each line
      --no-log-prefix   leave out the service name before each line
`;

/** --since / --until as the engine takes them (Unix seconds): a time, a Unix time, or a duration back from now. */
function timeOf(flag: string, text: string | undefined, now: number): number | undefined {
  if (text === undefined) return undefined;
  const back = parseDuration(text);
  if (back !== undefined) return (now - back) / 1000;
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text);
  const at = Date.parse(text);
  if (Number.isNaN(at))
    throw new UsageError(
      `${flag} must be a time (2026-12-06T10:00:00Z), a Unix time or a duration (42m), not "${text}"`,
    );
  return at / 1000;
}

export async function logsCommand(io: CliIO, values: StackArgs, services: string[]): Promise<number> {
  const tail = values.tail === undefined || values.tail === 'all' ? undefined : Number(values.tail);
  if (tail !== undefined && (!Number.isInteger(tail) || tail < 0))
    throw new UsageError(`--tail must be a number of lines, not "${values.tail}"`);
  const since = timeOf('--since', values.since, io.clock.now());
  const until = timeOf('--until', values.until, io.clock.now());
  const index = values.index === undefined ? undefined : Number(values.index);
  if (index !== undefined && (!Number.isInteger(index) || index < 1))
    throw new UsageError(`--index must be a replica number from 1, not "${values.index}"`);
  // With no compose file but -p NAME, the project as the engine has it (compose's logs -p works so too).
  const loaded = loadFromArgs(io, values, services, true);
  const stack = loaded === null ? await fromEngine(io, values) : loaded;
  if (!stack) return ExitCode.invalidInput;
  checkServiceNames(stack, services);
  let driver;
  try {
    driver = await io.connectEngine();
  } catch (err) {
    io.stderr(`stackpilot: ${(err as Error).message}\n`);
    return ExitCode.failure;
  }
  const wanted = new Set(services.length > 0 ? services : Object.keys(stack.services));
  const containers = (await driver.listContainers({ [Label.project]: stack.name })).filter(
    (c) =>
      wanted.has(c.labels[Label.service] ?? '') &&
      (index === undefined || c.labels[Label.containerNumber] === String(index)),
  );
  if (containers.length === 0) {
    io.stderr(
      `stackpilot: no containers for ${services.length > 0 ? services.join(', ') : `project ${stack.name}`}; start them with stackpilot up\n`,
    );
    return ExitCode.failure;
  }
  // A service with several containers (or one replica asked for by --index) names each line's replica (`api-2 |`), as docker compose does.
  const perService = new Map<string, number>();
  for (const c of containers)
    perService.set(c.labels[Label.service] ?? '', (perService.get(c.labels[Label.service] ?? '') ?? 0) + 1);
  const label = (c: (typeof containers)[number]): string => {
    const name = c.labels[Label.service] ?? c.name;
    return (perService.get(name) ?? 1) > 1 || index !== undefined
      ? `${name}-${c.labels[Label.containerNumber] ?? '1'}`
      : name;
  };
  const width = Math.max(...containers.map((c) => label(c).length));
  const subscriptions: Subscription[] = [];
  await new Promise<void>((resolve) => {
    let open = containers.length;
    const offInterrupt = io.onInterrupt(() => {
      for (const s of subscriptions) s.close();
      offInterrupt();
      resolve();
    });
    for (const c of containers) {
      const name = c.labels[Label.service] ?? c.name;
      const prefix = values['no-log-prefix'] ? '' : `${paint(io, serviceColor(name), `${label(c).padEnd(width)} |`)} `;
      subscriptions.push(
        driver.logs(
          c.id,
          {
            follow: values.follow ?? false,
            ...(tail !== undefined ? { tail } : {}),
            ...(since !== undefined ? { since } : {}),
            ...(until !== undefined ? { until } : {}),
          },
          (line) => io.stdout(`${prefix}${values.timestamps ? `${paint(io, 90, line.timestamp)} ` : ''}${line.text}\n`),
          () => {
            open--;
            if (open === 0) {
              offInterrupt();
              resolve();
            }
          },
        ),
      );
    }
  });
  return ExitCode.ok;
}
