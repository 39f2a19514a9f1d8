import type { ServiceSnapshot } from '../orchestrator/runtime/service-state';
import type { Orchestrator } from '../orchestrator/runtime/orchestrator';
import { paint } from './io';
import type { CliIO } from './io';
import { serviceColor } from './service-colors';
import type { UpMode } from './up-flags';

/** Statuses a service reaches when its container has exited. */
const EXITED: ReadonlySet<ServiceSnapshot['status']> = new Set(['completed', 'failed', 'backoff', 'stopped']);

/**
 * An attached `up`: every (chosen) service's log lines as they come, prefixed as compose prefixes
 * them; the stack supervised (retries, the circuit) until Ctrl-C or, with --abort-on-container-exit,
 * until a container exits; then the stack is stopped dependents first, and the exit code said.
 */
export class Attachment {
  private readonly offs: (() => void)[] = [];
  private ended:
    { why: 'interrupt' } | { why: 'exit'; service: string; code: number } | { why: 'all-exited' } | undefined;
  /** Watched services whose containers have exited since they ran. */
  private readonly exited = new Set<string>();
  private resolveEnd!: () => void;
  private readonly end = new Promise<void>((r) => (this.resolveEnd = r));
  /** Services seen running in this session: an exit code left from before does not count. */
  private readonly ran = new Set<string>();

  constructor(
    private readonly io: CliIO,
    private readonly runner: Orchestrator,
    private readonly mode: Extract<UpMode, { kind: 'attached' }>,
    /** Stops the up in progress (its waits) when the attachment ends early. */
    private readonly abortUp: () => void,
  ) {
    const names = [...mode.logsOf];
    const width = Math.max(...names.map((n) => n.length + (runner.replicaCount(n) > 1 ? 2 : 0)), 1);
    const off = runner.logs?.subscribe((batch) => {
      for (const line of batch) {
        if (!mode.logsOf.has(line.service)) continue;
        const label = runner.replicaCount(line.service) > 1 ? `${line.service}-${line.replica}` : line.service;
        const prefix = mode.logPrefix ? `${paint(io, serviceColor(line.service), `${label.padEnd(width)} |`)} ` : '';
        io.stdout(`${prefix}${mode.timestamps ? `${paint(io, 90, line.timestamp)} ` : ''}${line.text}\n`);
      }
    });
    if (off) this.offs.push(off);
    this.offs.push(runner.onChange((s) => this.onState(s)));
    this.offs.push(io.onInterrupt(() => this.finish({ why: 'interrupt' })));
  }

  private onState(s: ServiceSnapshot): void {
    if (s.status === 'starting' || s.status === 'ready') {
      this.ran.add(s.name);
      this.exited.delete(s.name);
    }
    if (!this.ran.has(s.name) || !EXITED.has(s.status) || s.exitCode === undefined) return;
    if (!this.mode.abortOnExit) {
      // As compose: once every watched service's container has exited (not to be restarted), the up is over.
      if (!this.mode.watched.has(s.name) || s.status === 'backoff') return;
      this.exited.add(s.name);
      if ([...this.mode.watched].every((w) => this.exited.has(w))) this.finish({ why: 'all-exited' });
      return;
    }
    this.io.stdout(`${paint(this.io, 33, `${s.name} exited with code ${s.exitCode}`)}: aborting on container exit\n`);
    this.finish({ why: 'exit', service: s.name, code: s.exitCode });
  }

  private finish(why: NonNullable<Attachment['ended']>): void {
    if (this.ended) return;
    this.ended = why;
    this.abortUp();
    this.resolveEnd();
  }

  /** Whether it has ended already (Ctrl-C or a container exit during the up itself). */
  get done(): boolean {
    return this.ended !== undefined;
  }

  /** Stays until Ctrl-C or an exit, stops the stack in reverse order, and gives the exit code. */
  async untilEnd(): Promise<number> {
    if (!this.ended)
      this.io.stdout(paint(this.io, 90, `Attached to ${[...this.mode.logsOf].join(', ')}. Ctrl-C stops the stack.\n`));
    await this.end;
    const ended = this.ended;
    if (ended?.why === 'all-exited') {
      // Nothing watched runs any more; what they depended on is left as it is, as compose leaves it.
      await Promise.all(
        [...this.mode.watched].map(async (name) => {
          const s = this.runner.get(name);
          if (s?.containerId && this.runner.logs) await this.runner.logs.drain(name, s.containerId);
          // After its last lines, as compose says it.
          this.io.stdout(`${paint(this.io, 90, `${name} exited with code ${s?.exitCode ?? 0}`)}\n`);
        }),
      );
      for (const off of this.offs) off();
      return this.mode.exitCodeFrom === undefined ? 0 : (this.runner.get(this.mode.exitCodeFrom)?.exitCode ?? 0);
    }
    this.io.stdout(
      ended?.why === 'interrupt' ? 'Gracefully stopping... (press Ctrl-C again to force)\n' : 'Stopping the stack...\n',
    );
    await this.runner.stop([], this.mode.stopTimeoutSeconds);
    for (const off of this.offs) off();
    if (ended?.why !== 'exit') return 130;
    // --exit-code-from: that service's code, whichever container ended the run.
    const from = this.mode.exitCodeFrom;
    return from === undefined ? ended.code : (this.runner.get(from)?.exitCode ?? 0);
  }
}
