import type { Stack } from '../orchestrator/compose/model';
import type { ContainerDetails, ContainerDriver } from '../orchestrator/driver';
import { Label } from '../orchestrator/runtime/labels';
import type { Orchestrator } from '../orchestrator/runtime/orchestrator';
import { NotRunning, UnknownVariable } from './errors';
import { envValue } from './container-env';
import type { Terminal, TerminalRequest, TerminalSessions } from './terminal-sessions';

/** A service's container as the engine has it, and the variable names the stack declares secret. */
export interface ContainerFound {
  service: string;
  details: ContainerDetails;
  secrets: ReadonlySet<string>;
}

/** What reaching a service's container needs of the session. */
export interface ContainerAccessPorts {
  stack: () => Stack | undefined;
  runner: () => Promise<Orchestrator>;
  driver: () => ContainerDriver | undefined;
  /** Throws for a service the open stack does not have. */
  check: (service: string) => void;
}

/** A service's container as a face reaches it: Inspect (secrets held back until asked) and a terminal. */
export class ContainerAccess {
  constructor(private readonly ports: ContainerAccessPorts) {}

  /** The container of one replica of the service (the first when none is named). */
  private async containerOf(
    service: string,
    replica: number | undefined,
    running: boolean,
  ): Promise<{ id: string; name: string }> {
    this.ports.check(service);
    const runner = await this.ports.runner();
    const containers = (await runner.containersOf([service])).filter(
      (c) => c.labels[Label.oneoff] !== 'True' && (!running || c.state === 'running'),
    );
    const chosen =
      replica === undefined
        ? containers[0]
        : containers.find((c) => c.labels[Label.containerNumber] === String(replica));
    if (!chosen)
      throw new NotRunning(
        `${service}${replica !== undefined ? ` (replica ${replica})` : ''} has no ${running ? 'running ' : ''}container`,
      );
    return chosen;
  }

  /** The container as the engine has it, and the names the stack declares secret. */
  private async details(
    service: string,
    replica?: number,
  ): Promise<{ details: ContainerDetails; secrets: Set<string> }> {
    const chosen = await this.containerOf(service, replica, false);
    const details = await this.ports.driver()?.containerDetails(chosen.id);
    if (!details)
      throw new NotRunning(`${service}${replica !== undefined ? ` (replica ${replica})` : ''} has no container`);
    const declared = Object.entries(this.ports.stack()?.stackpilot.env ?? {}).filter(([, v]) => v.secret);
    return { details, secrets: new Set(declared.map(([name]) => name)) };
  }

  async inspect(service: string, replica?: number): Promise<ContainerFound> {
    return { service, ...(await this.details(service, replica)) };
  }

  async revealEnv(service: string, name: string, replica?: number): Promise<string> {
    const value = envValue((await this.details(service, replica)).details, name);
    if (value === undefined) throw new UnknownVariable(`${service} has no variable ${name}`);
    return value;
  }

  /** A shell (or the command given) in the service's running container, over a TTY. */
  async openTerminal(req: TerminalRequest, terminals: TerminalSessions): Promise<Terminal> {
    const container = await this.containerOf(req.service, req.replica, true);
    const runner = await this.ports.runner();
    return terminals.open(req, {
      ...container,
      exec: (command, io, as) => runner.inside.execAttached(container.id, command, io, as),
      run: (command) => runner.inside.exec(container.id, command, 10_000),
    });
  }
}
