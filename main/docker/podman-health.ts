import type Docker from 'dockerode';
import { status } from './engine-api';

/** Podman's default interval, as Docker's: 30 s. */
const DEFAULT_INTERVAL_MS = 30_000;
/** How long past its first due probe an engine may be late before we call its scheduler absent. */
const GRACE_MS = 1_500;

interface RawHealthcheck {
  Test?: string[];
  Interval?: number;
  StartPeriod?: number;
}

/**
 * Podman schedules a container's health check with a systemd timer. Where there is no systemd (a
 * container, WSL without it, a CI machine) the check never runs: its status stays "starting" for ever
 * and a `service_healthy` dependency waits for good. Podman logs that to its own service's output,
 * not the API, so this watches instead: when a started container's check has not run one interval
 * after its start, Stackpilot runs it through Podman's own endpoint (libpod's healthcheck, the same
 * as `podman healthcheck run`) every interval while the container lives. Podman then keeps the log,
 * the status and the health_status events exactly as it would have.
 */
export class PodmanHealthRunner {
  private readonly watched = new Map<string, NodeJS.Timeout>();

  constructor(private readonly docker: Docker) {}

  /** Called after each start of a container. */
  async started(id: string): Promise<void> {
    if (this.watched.has(id)) return;
    let check: RawHealthcheck | undefined;
    try {
      check = ((await this.docker.getContainer(id).inspect()) as { Config: { Healthcheck?: RawHealthcheck } }).Config
        .Healthcheck;
    } catch {
      return;
    }
    const test = check?.Test ?? [];
    if (test.length === 0 || test[0] === 'NONE') return;
    const interval = check?.Interval ? check.Interval / 1e6 : DEFAULT_INTERVAL_MS;
    this.after(id, interval + GRACE_MS, async () => {
      // Run by Podman's own timer, or gone: nothing for us to do.
      if ((await this.health(id)) !== 'never-run') {
        this.watched.delete(id);
        return;
      }
      const tick = async (): Promise<void> => {
        if (await this.runCheck(id)) this.after(id, interval, tick);
        else this.watched.delete(id);
      };
      await tick();
    });
  }

  close(): void {
    for (const timer of this.watched.values()) clearTimeout(timer);
    this.watched.clear();
  }

  private after(id: string, ms: number, body: () => Promise<unknown>): void {
    // Unreferenced: a CLI that has finished its `up` exits; the window's process keeps checking.
    this.watched.set(id, setTimeout(() => void body(), ms).unref());
  }

  /** Runs the check once; false once the container is gone. */
  private async runCheck(id: string): Promise<boolean> {
    try {
      await new Promise<void>((resolve, reject) =>
        this.docker.modem.dial(
          {
            path: `/libpod/containers/${encodeURIComponent(id)}/healthcheck`,
            method: 'GET',
            statusCodes: { 200: true, 404: 'no such container', 409: 'container not running', 500: 'server error' },
          },
          (err: Error | null) => (err ? reject(err) : resolve()),
        ),
      );
    } catch (err) {
      // 409: stopped for now (a restart policy may start it again); the next round tries again.
      if (status(err) === 404) return false;
    }
    return this.watched.has(id);
  }

  private async health(id: string): Promise<'gone' | 'never-run' | 'runs'> {
    try {
      const state = (
        (await this.docker.getContainer(id).inspect()) as { State: { Health?: { Log?: unknown[] | null } } }
      ).State;
      return (state.Health?.Log ?? []).length === 0 ? 'never-run' : 'runs';
    } catch (err) {
      return status(err) === 404 ? 'gone' : 'runs';
    }
  }
}
