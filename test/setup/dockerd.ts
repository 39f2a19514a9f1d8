import { execFileSync, spawn } from 'node:child_process';
import { existsSync, openSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DockerEngine } from '../../main/docker/engine-client';

/**
 * Control of the local dockerd for fault injection. Only where the test setup owns the engine
 * (CI=true, or STACKPILOT_FAULTS=1 on a machine whose dockerd may be restarted): never someone's
 * Docker Desktop or a systemd-managed daemon by surprise.
 */
export function mayControlDockerd(): { ok: boolean; why: string } {
  if (process.env.CI !== 'true' && process.env.STACKPILOT_FAULTS !== '1')
    return {
      ok: false,
      why: 'set STACKPILOT_FAULTS=1 (or CI=true) to let these tests stop and restart the local dockerd',
    };
  if (dockerdPid() === undefined) return { ok: false, why: 'no local dockerd process to control' };
  return { ok: true, why: 'local dockerd' };
}

export function dockerdPid(): number | undefined {
  try {
    const out = execFileSync('pgrep', ['-x', 'dockerd'], { encoding: 'utf8' }).trim().split('\n')[0];
    return out ? Number(out) : undefined;
  } catch {
    return undefined;
  }
}

async function until(check: () => Promise<boolean> | boolean, timeoutMs: number, what: string): Promise<void> {
  const t0 = Date.now();
  while (!(await check())) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`${what} did not happen within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const answers = async (): Promise<boolean> => {
  try {
    await (await DockerEngine.connect(process.env, '/root')).ping(2000);
    return true;
  } catch {
    return false;
  }
};

/** Stops dockerd (SIGTERM, as a service manager would) and waits until it has exited. */
export async function stopDockerd(): Promise<void> {
  const pid = dockerdPid();
  if (pid === undefined) throw new Error('no dockerd to stop');
  process.kill(pid, 'SIGTERM');
  await until(() => !existsSync(`/proc/${pid}`), 60_000, 'dockerd exiting');
}

/** Starts dockerd (with these arguments besides its defaults) and waits until it answers on its socket. */
export async function startDockerd(args: string[] = []): Promise<void> {
  const fd = openSync(join(tmpdir(), 'stackpilot-test-dockerd.log'), 'a');
  const child = spawn('dockerd', args, { detached: true, stdio: ['ignore', fd, fd] });
  child.unref();
  await until(answers, 60_000, 'dockerd answering again');
}

export async function restartDockerd(): Promise<void> {
  await stopDockerd();
  await startDockerd();
}

/** Freezes dockerd (SIGSTOP) for `ms`, then lets it go on (SIGCONT). */
export async function freezeDockerd(ms: number): Promise<void> {
  const pid = dockerdPid();
  if (pid === undefined) throw new Error('no dockerd to freeze');
  process.kill(pid, 'SIGSTOP');
  try {
    await new Promise((r) => setTimeout(r, ms));
  } finally {
    process.kill(pid, 'SIGCONT');
  }
}
