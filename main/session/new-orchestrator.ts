import type { Clock } from '../orchestrator/clock';
import type { Stack } from '../orchestrator/compose/model';
import type { ContainerDriver } from '../orchestrator/driver';
import { Orchestrator } from '../orchestrator/runtime/orchestrator';
import type { HostProbe } from '../orchestrator/runtime/start-checks';

/** What a face chooses for the orchestrator it runs a stack with. */
export interface RunChoices {
  /** Run a service's own health check as soon as it starts (Settings; `--no-fast-readiness`). */
  fastReadiness?: boolean;
  /** How many engine operations run at once (Settings). */
  concurrency?: number;
  /** Restart services that turn unhealthy after ready, unless one says otherwise (Settings). */
  restartOnUnhealthy?: boolean;
  /** Keep the services' logs (the window's dock, `up` attached). */
  collectLogs?: boolean;
  /** The host's ports and paths, when one probe serves the checklist too. */
  host?: HostProbe;
}

/**
 * The one way every face makes the orchestrator of a stack on an engine: the window's session, each
 * CLI command and the bundle get the same one. A state change the machine refuses is a bug, never
 * the user's doing: said on stderr, where a developer looks.
 */
export function newOrchestrator(
  stack: Stack,
  driver: ContainerDriver,
  clock: Clock,
  choices: RunChoices = {},
): Orchestrator {
  return new Orchestrator(stack, {
    driver,
    clock,
    ...(choices.host ? { host: choices.host } : {}),
    ...(choices.collectLogs ? { collectLogs: true } : {}),
    ...(choices.concurrency !== undefined ? { concurrency: choices.concurrency } : {}),
    ...(choices.fastReadiness === false ? { fastReadiness: { enabled: false } } : {}),
    ...(choices.restartOnUnhealthy ? { restartOnUnhealthy: true } : {}),
    onIllegalTransition: (why) => console.error(`stackpilot: internal: state change refused: ${why}`),
  });
}
