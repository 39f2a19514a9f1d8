import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Label } from '../orchestrator/runtime/labels';
import type { Orchestrator } from '../orchestrator/runtime/orchestrator';
import { withOrchestrator } from './engine-session';
import { ExitCode } from './io';
import type { CliIO } from './io';
import { UsageError } from './stack-options';
import type { StackArgs } from './stack-options';

export const EXPORT_HELP = `Usage: stackpilot export [OPTIONS] SERVICE

Write a service container's filesystem as a tar archive (as docker compose export).

Options: the stack options, and
  -o, --output FILE   write to FILE (made whole, then put in place) instead of standard output
      --index N       the replica (default 1)
`;

export const COMMIT_HELP = `Usage: stackpilot commit [OPTIONS] SERVICE [REPOSITORY[:TAG]]

Make an image of a service container's changes (as docker compose commit); says its id.

Options: the stack options, and
  -a, --author TEXT     the image's author
  -m, --message TEXT    the commit message
  -c, --change LINE     a Dockerfile instruction to apply (repeatable): -c 'CMD ["sh"]'
  -p, --pause BOOL      pause the container while committing (default true; --pause=false)
      --index N         the replica (default 1)
`;

function replicaIndex(value: string | undefined): number {
  const index = Number(value ?? '1');
  if (!Number.isInteger(index) || index < 1) throw new UsageError('--index must be a replica number (1, 2, …)');
  return index;
}

/** The container of a service's replica (one-offs included, as compose's), or a message saying there is none. */
async function containerOf(
  runner: Orchestrator,
  service: string,
  index: number,
): Promise<{ id: string; name: string } | string> {
  const found = (await runner.containersOf([service])).find(
    (c) => Number(c.labels[Label.containerNumber] ?? '1') === index,
  );
  return found
    ? { id: found.id, name: found.name }
    : `service "${service}" has no container${index > 1 ? ` number ${index}` : ''}: make it with stackpilot up ${service}`;
}

export function exportCommand(
  io: CliIO,
  values: StackArgs & { output?: string; index?: string },
  args: string[],
): Promise<number> {
  const [service, ...extra] = args;
  if (!service || extra.length > 0) throw new UsageError('export needs one service: stackpilot export -o db.tar db');
  const index = replicaIndex(values.index);
  const out: (NodeJS.WritableStream & { isTTY?: boolean }) | undefined = io.streams?.stdout;
  if (!values.output && (!out || out.isTTY))
    throw new UsageError('output option is required when exporting to terminal: add -o FILE');
  return withOrchestrator(
    io,
    values,
    [service],
    async (runner) => {
      const c = await containerOf(runner, service, index);
      if (typeof c === 'string') {
        io.stderr(`stackpilot: ${c}\n`);
        return ExitCode.failure;
      }
      const tar = await runner.inside.exportContainer(c.id);
      if (!values.output) {
        await pipeline(tar, out as NodeJS.WritableStream, { end: false });
        return ExitCode.ok;
      }
      // Whole or not at all: an archive cut by an error never stands where the complete one is expected.
      const target = resolve(io.cwd, values.output);
      const partial = join(dirname(target), `.${basename(target)}.partial-${process.pid}`);
      try {
        await pipeline(tar, createWriteStream(partial, { mode: 0o600 }));
        await rename(partial, target);
      } catch (err) {
        await rm(partial, { force: true });
        throw err;
      }
      io.stderr(`Exported ${c.name} to ${values.output}\n`);
      return ExitCode.ok;
    },
    { fromEngine: true },
  );
}

/** `--pause=false` as docker's flag parser takes it (Node's takes no value on a boolean). */
export function normalisePauseFlag(args: readonly string[]): string[] {
  return args.map((a) => {
    const m = /^(?:--pause|-p)=(true|false|1|0)$/.exec(a);
    return m ? (m[1] === 'false' || m[1] === '0' ? '--no-pause' : '--pause') : a;
  });
}

export function commitCommand(
  io: CliIO,
  values: StackArgs & { author?: string; message?: string; change?: string[]; 'no-pause'?: boolean; index?: string },
  args: string[],
): Promise<number> {
  const [service, reference, ...extra] = args;
  if (!service || extra.length > 0)
    throw new UsageError(
      'commit needs a service and, optionally, REPOSITORY[:TAG]: stackpilot commit db mydb:snapshot',
    );
  const index = replicaIndex(values.index);
  return withOrchestrator(
    io,
    values,
    [service],
    async (runner) => {
      const c = await containerOf(runner, service, index);
      if (typeof c === 'string') {
        io.stderr(`stackpilot: ${c}\n`);
        return ExitCode.failure;
      }
      const id = await runner.inside.commitContainer(c.id, {
        ...(reference ? { reference } : {}),
        ...(values.author ? { author: values.author } : {}),
        ...(values.message ? { message: values.message } : {}),
        changes: values.change ?? [],
        pause: values['no-pause'] !== true,
      });
      // As compose says it: on standard error, with the progress.
      io.stderr(`Committed ${c.name} as ${id}\n`);
      return ExitCode.ok;
    },
    { fromEngine: true },
  );
}
