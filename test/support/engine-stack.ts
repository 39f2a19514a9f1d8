import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DockerEngine } from '../../main/docker/engine-client';
import { systemClock } from '../../main/orchestrator/clock';
import { loadStackOrThrow } from '../../main/orchestrator/compose/load';
import type { Stack } from '../../main/orchestrator/compose/model';
import type { ContainerEvent, EventSubscription } from '../../main/orchestrator/driver';
import { Label } from '../../main/orchestrator/runtime/labels';
import { Orchestrator } from '../../main/orchestrator/runtime/orchestrator';
import type { OrchestratorOptions } from '../../main/orchestrator/runtime/orchestrator';

export { TEST_IMAGE } from '../setup/images';

/** A stack on the real engine, under a project name of its own, with the engine's events recorded. */
export class EngineStack {
  readonly events: ContainerEvent[] = [];
  /** Events the runner's state machine refused: each one is a bug, and cleanup() fails on it. */
  readonly refused: string[] = [];
  runner!: Orchestrator;
  stack!: Stack;
  private subscription: EventSubscription | undefined;

  private constructor(
    readonly driver: DockerEngine,
    readonly dir: string,
    readonly project: string,
  ) {}

  /** `engineEnv`: where the engine is, when not the default (another engine, a fault proxy in front of it). */
  static async create(
    yaml: string,
    opts: Partial<OrchestratorOptions> = {},
    engineEnv: Record<string, string> = {},
  ): Promise<EngineStack> {
    const driver = await DockerEngine.connect({ ...process.env, ...engineEnv }, '/root');
    const project = `sp-it-${randomBytes(3).toString('hex')}`;
    const dir = mkdtempSync(join(tmpdir(), `${project}-`));
    const s = new EngineStack(driver, dir, project);
    s.subscription = driver.events(
      { [Label.project]: project },
      (e) => s.events.push(e),
      () => undefined,
    );
    await s.subscription.ready;
    s.write(yaml);
    s.reload(opts);
    return s;
  }

  write(yaml: string): void {
    writeFileSync(join(this.dir, 'compose.yaml'), yaml);
  }

  /** Reads the file again into a new runner (as a restarted Stackpilot would). */
  reload(opts: Partial<OrchestratorOptions> = {}): Orchestrator {
    this.runner?.close();
    this.stack = loadStackOrThrow({ cwd: this.dir, env: {}, homeDir: '/root', projectName: this.project });
    this.runner = new Orchestrator(this.stack, {
      driver: this.driver,
      clock: systemClock,
      onIllegalTransition: (why) => this.refused.push(why),
      ...opts,
    });
    return this.runner;
  }

  /** Engine time of the first event of `action` for `service`. */
  at(service: string, action: ContainerEvent['action'], nth = 0): number {
    const found = this.events.filter((e) => e.labels[Label.service] === service && e.action === action)[nth];
    if (!found)
      throw new Error(
        `no ${action} event #${nth} for ${service}; saw ${this.events.map((e) => `${e.labels[Label.service]}:${e.action}`).join(' ')}`,
      );
    return found.time;
  }

  count(service: string, action: ContainerEvent['action']): number {
    return this.events.filter((e) => e.labels[Label.service] === service && e.action === action).length;
  }

  async containers(): Promise<number> {
    return (await this.driver.listContainers({ [Label.project]: this.project })).length;
  }

  /** Down with volumes, then checks nothing of the project is left on the engine. */
  async cleanup(): Promise<void> {
    let left: string[];
    try {
      // Orphans too: a test may have rewritten the file without some of its services.
      await this.runner.down({ volumes: true, timeoutSeconds: 1, removeOrphans: true });
      const rest = await this.driver.listContainers({ [Label.project]: this.project });
      left = rest.map((c) => c.name);
      for (const c of rest) await this.driver.removeContainer(c.id, { removeAnonymousVolumes: true });
    } finally {
      this.runner.close();
      this.subscription?.close();
      rmSync(this.dir, { recursive: true, force: true });
    }
    if (left.length > 0) throw new Error(`down left containers of ${this.project} behind: ${left.join(', ')}`);
    if (this.refused.length > 0)
      throw new Error(`the state machine refused ${this.refused.length} event(s): ${this.refused.join('; ')}`);
  }
}

/** A busybox service that becomes ready (a health check file) `readyAfter` seconds after it starts. */
export function slowService(readyAfter: number, extra = ''): string {
  return `    image: stackpilot-test/busybox:1
    init: true
    command: ["sh", "-c", "sleep ${readyAfter}; touch /tmp/ready; exec sleep 3600"]
    healthcheck:
      test: ["CMD", "test", "-f", "/tmp/ready"]
      interval: 5s
      timeout: 2s
      retries: 30
${extra}`;
}
