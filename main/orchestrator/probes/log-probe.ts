import type { ContainerDriver, Subscription } from '../driver';
import type { ProbeResult, ReadinessProbe } from './probe';

/** Ready once a log line of the container matches the pattern (searched from the container's start). */
export class LogProbe implements ReadinessProbe {
  readonly description: string;
  private matched: string | undefined;
  private subscription: Subscription | undefined;
  private readonly regex: RegExp;

  constructor(
    private readonly driver: ContainerDriver,
    private readonly containerId: string,
    pattern: string,
    private readonly sinceSeconds: number,
  ) {
    this.regex = new RegExp(pattern);
    this.description = `log line matching /${pattern}/`;
  }

  check(): Promise<ProbeResult> {
    this.subscription ??= this.driver.logs(this.containerId, { follow: true, since: this.sinceSeconds }, (line) => {
      if (this.matched === undefined && this.regex.test(line.text)) this.matched = line.text;
    });
    return Promise.resolve(
      this.matched !== undefined
        ? { ok: true, detail: `matched: ${this.matched.slice(0, 200)}` }
        : { ok: false, detail: 'no matching line yet' },
    );
  }

  close(): void {
    this.subscription?.close();
  }
}
