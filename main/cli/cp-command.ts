import { lstatSync, readdirSync } from 'node:fs';
import type { Stats } from 'node:fs';
import { basename, dirname, join, posix, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Label } from '../orchestrator/runtime/labels';
import type { Orchestrator } from '../orchestrator/runtime/orchestrator';
import { syncArchive } from '../orchestrator/watch/sync-archive';
import { withOrchestrator } from './engine-session';
import { ExitCode } from './io';
import type { CliIO } from './io';
import { UsageError } from './stack-options';
import type { StackArgs } from './stack-options';
import { untar } from './untar';

export const CP_HELP = `Usage: stackpilot cp [OPTIONS] SERVICE:SRC_PATH DEST_PATH|-
       stackpilot cp [OPTIONS] SRC_PATH SERVICE:DEST_PATH

Copy files or folders between a service container and this machine, as docker compose cp does
(docker cp's rules: a folder is copied into an existing folder, or becomes the destination; SRC/.
copies a folder's contents; - writes a tar archive to standard output).

Options: the stack options, and
  -a, --archive       keep the files' owner (uid:gid); without it, files copied in belong to root
  -L, --follow-link   copy what a symbolic link at SRC_PATH points to, not the link
      --index N       the replica (default: from the first; into every one)
`;

type CpArgs = StackArgs & { archive?: boolean; 'follow-link'?: boolean; index?: string };

/** SERVICE:PATH, or a path on this machine (a path with a slash before its colon is a path, as docker reads it). */
function side(arg: string): { service: string; path: string } | undefined {
  const colon = arg.indexOf(':');
  if (colon <= 0 || arg.slice(0, colon).includes('/')) return undefined;
  return { service: arg.slice(0, colon), path: arg.slice(colon + 1) || '/' };
}

function lstatOrUndefined(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}

/** `dir/.`: the folder's contents, not the folder. */
const contentsOf = (path: string): boolean => /(^|\/)\.$/.test(path);

async function containers(
  runner: Orchestrator,
  service: string,
  index: number | undefined,
): Promise<{ id: string; name: string }[]> {
  const all = (await runner.containersOf([service])).filter((c) => c.labels[Label.oneoff] !== 'True');
  const numbered = (c: { labels: Record<string, string> }): number => Number(c.labels[Label.containerNumber] ?? '1');
  return index !== undefined ? all.filter((c) => numbered(c) === index) : all.sort((a, b) => numbered(a) - numbered(b));
}

export function cpCommand(io: CliIO, values: CpArgs, args: string[]): Promise<number> {
  const [source, dest, ...extra] = args;
  if (!source || !dest || extra.length > 0)
    throw new UsageError('cp needs a source and a destination: stackpilot cp db:/backup.sql ./backup.sql');
  const from = side(source);
  const to = side(dest);
  if ((from && to) || (!from && !to))
    throw new UsageError(
      'copying between containers is not supported: one side of cp is SERVICE:PATH, the other a path here',
    );
  if (!from && source === '-')
    throw new UsageError(
      'reading a tar archive from standard input is not supported: copy a file or folder (stackpilot cp ./dump db:/tmp/)',
    );
  const index = values.index !== undefined ? Number(values.index) : undefined;
  if (index !== undefined && (!Number.isInteger(index) || index < 1))
    throw new UsageError('--index must be a replica number (1, 2, …)');
  const service = (from ?? to)?.service ?? '';
  return withOrchestrator(
    io,
    values,
    [service],
    async (runner) => {
      const found = await containers(runner, service, index);
      if (found.length === 0) {
        io.stderr(
          `stackpilot: service "${service}" has no container${index ? ` number ${index}` : ''}: make it with stackpilot up ${service}\n`,
        );
        return ExitCode.failure;
      }
      if (from) return copyOut(io, runner, found[0] ?? { id: '', name: '' }, from.path, dest, values);
      for (const c of found) {
        const code = await copyIn(io, runner, c, resolve(io.cwd, source), to?.path ?? '/', values);
        if (code !== ExitCode.ok) return code;
      }
      return ExitCode.ok;
    },
    { fromEngine: true },
  );
}

async function copyOut(
  io: CliIO,
  runner: Orchestrator,
  c: { id: string; name: string },
  path: string,
  dest: string,
  values: CpArgs,
): Promise<number> {
  const inside = runner.inside;
  let src = path;
  let stat = await inside.statPath(c.id, src);
  if (stat?.linkTarget && values['follow-link']) {
    src = posix.resolve(posix.dirname(src), stat.linkTarget);
    stat = await inside.statPath(c.id, src);
  }
  if (!stat) {
    io.stderr(`stackpilot: Could not find the file ${path} in container ${c.name}\n`);
    return ExitCode.failure;
  }
  const tar = await inside.readArchive(c.id, src);
  if (dest === '-') {
    await pipeline(tar, io.streams?.stdout ?? process.stdout, { end: false });
    return ExitCode.ok;
  }
  const target = resolve(io.cwd, dest);
  const there = lstatOrUndefined(target);
  const rest = (name: string): string => name.split('/').slice(1).join('/');
  let root: string;
  let place: (name: string) => string;
  if (there?.isDirectory()) {
    root = target;
    place = contentsOf(path) ? (name) => join(target, rest(name)) : (name) => join(target, name);
  } else if (there && stat.isDirectory) {
    io.stderr(`stackpilot: cannot copy a folder to a file: ${dest}\n`);
    return ExitCode.failure;
  } else {
    if (!there && dest.endsWith('/') && !stat.isDirectory) {
      io.stderr(`stackpilot: destination folder ${dest} does not exist\n`);
      return ExitCode.failure;
    }
    root = dirname(target);
    if (!lstatOrUndefined(root)?.isDirectory()) {
      io.stderr(`stackpilot: ${dirname(dest)}: no such folder\n`);
      return ExitCode.failure;
    }
    // The copy takes the destination's name.
    place = (name) => join(target, rest(name));
  }
  const done = await untar(tar as AsyncIterable<Buffer>, root, place);
  io.stderr(
    `Copied ${c.name}:${path} to ${dest} (${done.files} ${done.files === 1 ? 'file' : 'files'}${done.folders > 0 ? `, ${done.folders} folders` : ''})\n`,
  );
  return ExitCode.ok;
}

async function copyIn(
  io: CliIO,
  runner: Orchestrator,
  c: { id: string; name: string },
  source: string,
  path: string,
  values: CpArgs,
): Promise<number> {
  const inside = runner.inside;
  const st = lstatOrUndefined(source);
  if (!st) {
    io.stderr(`stackpilot: ${source}: no such file or folder\n`);
    return ExitCode.failure;
  }
  const there = await inside.statPath(c.id, path);
  let folder: string;
  let mappings: { hostPath: string; containerPath: string }[];
  if (there?.isDirectory) {
    folder = path;
    mappings = contentsOf(source)
      ? readdirSync(source).map((n) => ({ hostPath: join(source, n), containerPath: `/${n}` }))
      : [{ hostPath: source, containerPath: `/${basename(source)}` }];
  } else if (there && st.isDirectory()) {
    io.stderr(`stackpilot: cannot copy a folder to a file: ${c.name}:${path}\n`);
    return ExitCode.failure;
  } else {
    folder = posix.dirname(path);
    if (!(await inside.statPath(c.id, folder))?.isDirectory) {
      io.stderr(`stackpilot: Could not find the file ${folder} in container ${c.name}\n`);
      return ExitCode.failure;
    }
    mappings = [{ hostPath: source, containerPath: `/${posix.basename(path)}` }];
  }
  const { archive, files } = syncArchive(mappings, () => false, values.archive ? undefined : { uid: 0, gid: 0 });
  await inside.writeArchive(c.id, folder, archive);
  io.stderr(`Copied ${source} to ${c.name}:${path} (${files} ${files === 1 ? 'file' : 'files'})\n`);
  return ExitCode.ok;
}
