import type Docker from 'dockerode';
import type { AttachedIO, ExecOptions, ExecResult } from '../orchestrator/driver';
import { parseLogFrames } from './log-frames';

/** Commands in containers and attached runs: exec (captured or over a TTY), and a container's own process attached. */

/** Who and where an exec runs as, in the engine's words. */
function asWho(as: ExecOptions): Partial<Docker.ExecCreateOptions> {
  return {
    ...(as.user ? { User: as.user } : {}),
    ...(as.privileged ? { Privileged: true } : {}),
    ...(as.workingDir ? { WorkingDir: as.workingDir } : {}),
    ...(as.env?.length ? { Env: as.env } : {}),
  };
}

/** Runs a command in a container and collects its output; a timeout kills the wait, not the command. */
export async function execIn(
  container: Docker.Container,
  command: string[],
  timeoutMs: number,
  as: ExecOptions = {},
): Promise<ExecResult> {
  const exec = await container.exec({
    Cmd: command,
    AttachStdout: true,
    AttachStderr: true,
    ...asWho(as),
  });
  const stream = (await exec.start({ hijack: true, stdin: false })) as NodeJS.ReadableStream & { destroy(): void };
  const chunks: Buffer[] = [];
  let timer: NodeJS.Timeout | undefined;
  const finished = await new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => resolve(true));
    stream.on('close', () => resolve(true));
    stream.on('error', () => resolve(true));
  });
  clearTimeout(timer);
  if (!finished) {
    stream.destroy();
    return { exitCode: -1, output: `timed out after ${timeoutMs} ms` };
  }
  const output = parseLogFrames(Buffer.concat(chunks))
    .map((c) => c.text)
    .join('');
  const info = await exec.inspect();
  return { exitCode: info.ExitCode ?? -1, output: output.trim() };
}

/**
 * An exec wired to the caller's streams, as `docker exec -it` (a TTY: one raw stream, resized with
 * the terminal) or `-T` (stdout and stderr apart). Resolves with the command's exit code.
 */
export async function execAttached(
  docker: Docker,
  container: Docker.Container,
  command: string[],
  io: AttachedIO,
  as: ExecOptions & { tty?: boolean; detach?: boolean },
): Promise<number> {
  if (as.detach) {
    const exec = await container.exec({ Cmd: command, Tty: as.tty ?? false, ...asWho(as) });
    await exec.start({ Detach: true });
    return 0;
  }
  const tty = as.tty ?? false;
  const exec = await container.exec({
    Cmd: command,
    AttachStdin: io.stdin !== undefined,
    AttachStdout: true,
    AttachStderr: true,
    Tty: tty,
    ...asWho(as),
  });
  const stream = (await exec.start({
    hijack: true,
    stdin: io.stdin !== undefined,
    Tty: tty,
  })) as NodeJS.ReadWriteStream;
  // Listened for at once: a command that ends while the TTY is being sized must still be seen to end.
  const ended = new Promise<void>((resolve) => {
    stream.on('end', resolve);
    stream.on('close', resolve);
    stream.on('error', () => resolve());
  });
  if (tty) stream.pipe(io.stdout, { end: false });
  else docker.modem.demuxStream(stream, io.stdout, io.stderr);
  const out = io.stdout as NodeJS.WriteStream;
  const resize = (): Promise<void> =>
    exec.resize({ h: out.rows, w: out.columns }).then(
      () => undefined,
      () => undefined,
    );
  const onResize = (): void => void resize();
  if (tty && out.isTTY) {
    // Sized before the first keystroke goes in: a command typed at once sees the real size.
    await resize();
    out.on('resize', onResize);
  }
  if (io.stdin) io.stdin.pipe(stream);
  await ended;
  if (io.stdin) io.stdin.unpipe(stream);
  if (tty && out.isTTY) out.off('resize', onResize);
  return exitCodeOnceEnded(exec);
}

/**
 * The stream can close before the process has ended (stdin closed and the connection with it, while
 * a SIGHUP is still on its way), and the exit code is only the engine's once it has: asked again
 * until the exec no longer runs, for as long as a shell takes to hang up.
 */
async function exitCodeOnceEnded(exec: Docker.Exec): Promise<number> {
  for (let asked = 0; ; asked++) {
    const info = await exec.inspect();
    if (!info.Running || asked >= 100) return info.Running ? -1 : (info.ExitCode ?? -1);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * A one-off container's run, as `docker compose run`: attached before it starts (no output lost),
 * stdin wired in when given, a TTY or stdout and stderr apart; resolves with its exit code.
 */
export async function runAttached(
  docker: Docker,
  container: Docker.Container,
  io: AttachedIO,
  tty: boolean,
): Promise<number> {
  const stream = await container.attach({
    stream: true,
    stdin: io.stdin !== undefined,
    stdout: true,
    stderr: true,
    hijack: true,
  });
  if (tty) stream.pipe(io.stdout, { end: false });
  else docker.modem.demuxStream(stream, io.stdout, io.stderr);
  const exited = container.wait({ condition: 'next-exit' }) as Promise<{ StatusCode?: number }>;
  await container.start();
  // Only once it runs: a stdin that ends before the start would end the attach, output and all.
  if (io.stdin) io.stdin.pipe(stream);
  const out = io.stdout as NodeJS.WriteStream;
  const resize = (): void => void container.resize({ h: out.rows, w: out.columns }).catch(() => undefined);
  if (tty && out.isTTY) {
    resize();
    out.on('resize', resize);
  }
  const result = await exited;
  // The last output may still be on its way when the exit is told.
  await new Promise<void>((resolve) => {
    const t = setTimeout(resolve, 2000);
    const done = (): void => (clearTimeout(t), resolve());
    stream.on('end', done);
    stream.on('close', done);
  });
  if (io.stdin) io.stdin.unpipe(stream);
  if (tty && out.isTTY) out.off('resize', resize);
  return result.StatusCode ?? -1;
}
