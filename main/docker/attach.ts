import type Docker from 'dockerode';
import type { AttachedIO } from '../orchestrator/driver';

type Exit = { StatusCode?: number };

/**
 * `docker attach` to a container that already runs. The exit is asked for before attaching, as the
 * docker CLI does, so a container that stops in between is still seen to stop; and once told, the
 * output still on its way is let through (at most a couple of seconds) before the code is returned.
 */
export async function attachRunning(
  docker: Docker,
  container: Docker.Container,
  io: AttachedIO,
  opts: { tty: boolean; detachKeys?: string; detach?: AbortSignal },
): Promise<number | undefined> {
  const leave = new AbortController();
  const exited = container.wait({ abortSignal: leave.signal }) as Promise<Exit>;
  exited.catch(() => undefined);
  const stream = await container.attach({
    stream: true,
    stdin: io.stdin !== undefined,
    stdout: true,
    stderr: true,
    hijack: true,
    abortSignal: leave.signal,
    ...(opts.detachKeys ? { detachKeys: opts.detachKeys } : {}),
  });
  const ended = new Promise<void>((resolve) => {
    stream.on('end', resolve);
    stream.on('close', resolve);
    stream.on('error', () => resolve());
  });
  if (opts.tty) stream.pipe(io.stdout, { end: false });
  else docker.modem.demuxStream(stream, io.stdout, io.stderr);
  const out = io.stdout as NodeJS.WriteStream;
  const resize = (): void => void container.resize({ h: out.rows, w: out.columns }).catch(() => undefined);
  const sized = opts.tty && out.isTTY;
  if (sized) {
    resize();
    out.on('resize', resize);
  }
  // Not ended with the input: the engine would then close the output too (the container's stdin
  // stays open unless stdin_once), and what the container answers to the last line would be lost.
  if (io.stdin) io.stdin.pipe(stream, { end: false });
  const detached = new Promise<'detached'>((resolve) => {
    if (opts.detach?.aborted) resolve('detached');
    opts.detach?.addEventListener('abort', () => resolve('detached'), { once: true });
  });
  const drained = (): Promise<void> =>
    Promise.race([ended, new Promise<void>((resolve) => setTimeout(resolve, 2000).unref())]);
  try {
    const outcome = await Promise.race([
      ended.then(() => exited),
      exited.then(async (e) => (await drained(), e)),
      detached,
    ]);
    return outcome === 'detached' ? undefined : (outcome.StatusCode ?? -1);
  } finally {
    if (io.stdin) io.stdin.unpipe(stream);
    if (sized) out.off('resize', resize);
    leave.abort();
    (stream as NodeJS.ReadWriteStream & { destroy?: () => void }).destroy?.();
  }
}
