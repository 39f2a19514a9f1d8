import type {
  ContainerEvent,
  ContainerInfo,
  ContainerSpec,
  EngineInfo,
  EventSubscription,
} from '../../main/orchestrator/driver';
import type { FakeClock } from './fake-clock';

/** How a fake service behaves once started. Times are fake milliseconds after its start. */
export interface Behaviour {
  /** When its healthcheck test starts passing (what fast readiness sees). */
  readyAfter?: number;
  /** When Docker's own scheduled check reports healthy (what `docker compose` waits for). */
  dockerHealthyAfter?: number;
  /** It exits on its own after this long, with `exitCode`. */
  exitAfter?: number;
  exitCode?: number;
  logs?: string[];
  /** Its exits (exitAfter) are followed by the engine's restart policy, as dockerd applies it. */
  engineRestarts?: boolean;
  /** Its image has a HEALTHCHECK (the compose file none): the engine reports health all the same. */
  imageHealthcheck?: boolean;
  /** What an attached exec in it exits with (default 0). */
  execExitCode?: number;
  /** Its exit (exitAfter) is the kernel's OOM killer: an oom event, then die with 137. */
  oomKilled?: boolean;
  /** Docker's check reports it unhealthy this long after its start (its test failing from then on). */
  dockerUnhealthyAfter?: number;
  /** Only its first this many runs turn unhealthy (dockerUnhealthyAfter); later ones stay healthy. */
  unhealthyRuns?: number;
}

export interface FakeContainer {
  info: ContainerInfo;
  spec: ContainerSpec;
  service: string;
  startedAt?: number;
  generation: number;
  /** Its runs so far, and whether the current one's check has started failing. */
  runs?: number;
  failing?: boolean;
}

/**
 * The fake engine's state, and what belongs to the engine as a whole: who it is, whether it answers,
 * its event stream. The ports live in the classes above it (fake-resources, fake-driver).
 */
export abstract class FakeEngineBase {
  /** By service name, or by container name for one replica (`t-api-2`), which wins. */
  readonly behaviours: Record<string, Behaviour> = {};

  readonly calls: string[] = [];

  /** The same calls, naming the container (`start t-api-2`): what replicas are told apart by. */
  readonly namedCalls: string[] = [];

  readonly containers = new Map<string, FakeContainer>();

  readonly missingImages = new Set<string>();

  /** Simulated engine latency of create/start, to observe concurrency. */
  latency = 0;

  inFlight = 0;

  maxInFlight = 0;

  protected nextId = 1;

  protected readonly subscribers = new Set<(e: ContainerEvent) => void>();

  protected readonly enders = new Set<(error?: Error) => void>();

  /**
   * Images on the fake engine. Without `images`, every image is there unless listed in missingImages
   * (what most runner tests want); with it, exactly those (what the driver contract checks).
   */
  protected readonly images: Set<string> | undefined;

  constructor(
    protected readonly clock: FakeClock,
    opts: { images?: readonly string[] } = {},
  ) {
    this.images = opts.images ? new Set(opts.images) : undefined;
  }

  /** While set, the engine does not answer (ping fails with this reason). */
  down: string | undefined;

  info(): EngineInfo {
    return { version: 'fake', apiVersion: '1.41', endpoint: 'fake://', reason: 'test' };
  }

  ping(): Promise<void> {
    return this.down ? Promise.reject(new Error(this.down)) : Promise.resolve();
  }

  /** Simulates the engine going away: event streams end with `reason`. */
  goDown(reason: string): void {
    this.down = reason;
    for (const end of this.enders) end(new Error(reason));
    this.subscribers.clear();
    this.enders.clear();
  }

  protected emit(c: FakeContainer, action: ContainerEvent['action'], extra: Partial<ContainerEvent> = {}): void {
    const e: ContainerEvent = {
      action,
      containerId: c.info.id,
      labels: { ...c.info.labels },
      time: this.clock.now(),
      ...extra,
    };
    this.eventLog.push(e);
    for (const s of this.subscribers) s(e);
  }

  protected behaviourOf(c: FakeContainer): Behaviour {
    return this.behaviours[c.info.name] ?? this.behaviours[c.service] ?? {};
  }

  protected async engineCall<T>(work: () => T): Promise<T> {
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      if (this.latency > 0) await this.clock.sleep(this.latency);
      return work();
    } finally {
      this.inFlight--;
    }
  }

  /** Events since `since` are replayed from the log, as the engine does: from the start of that second. */
  readonly eventLog: ContainerEvent[] = [];

  events(
    _labels: Record<string, string>,
    onEvent: (e: ContainerEvent) => void,
    onEnd: (error?: Error) => void,
    since?: number,
  ): EventSubscription {
    if (this.down) {
      queueMicrotask(() => onEnd(new Error(this.down)));
      return { ready: Promise.resolve(), close: () => undefined };
    }
    const from = since === undefined ? undefined : Math.floor(since / 1000) * 1000;
    if (from !== undefined) for (const e of this.eventLog.filter((x) => x.time >= from)) onEvent(e);
    this.subscribers.add(onEvent);
    this.enders.add(onEnd);
    return {
      ready: Promise.resolve(),
      close: () => {
        this.subscribers.delete(onEvent);
        this.enders.delete(onEnd);
      },
    };
  }
}
