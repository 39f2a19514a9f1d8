import type { ContainerDriver } from '../driver';
import type { ProbeResult, ReadinessProbe } from './probe';
import { healthEndpointWords } from './health-body';

/**
 * Ready when a command in the container exits 0. Also how fast readiness runs a service's own
 * healthcheck test: `CMD` runs as given, `CMD-SHELL` through /bin/sh -c, as Docker does.
 */
export class ExecProbe implements ReadinessProbe {
  readonly description: string;
  private readonly command: string[];

  constructor(
    private readonly driver: ContainerDriver,
    private readonly containerId: string,
    test: string[],
    private readonly timeoutMs: number,
  ) {
    const [kind, ...rest] = test;
    this.command = kind === 'CMD-SHELL' ? ['/bin/sh', '-c', rest.join(' ')] : kind === 'CMD' ? rest : test;
    this.description = `exec ${this.command.join(' ')}`;
  }

  async check(): Promise<ProbeResult> {
    try {
      const r = await this.driver.exec(this.containerId, this.command, this.timeoutMs);
      const output = r.output.split('\n').filter(Boolean).slice(-1)[0] ?? '';
      // 126/127 with "not found": the command itself is missing from the image. No retry fixes that.
      if ((r.exitCode === 126 || r.exitCode === 127) && /not found|no such file/i.test(r.output)) {
        return {
          ok: false,
          detail: `exit ${r.exitCode}: ${output.slice(0, 200)}`,
          permanent: `the check's command is not in the image (${this.command[0] ?? ''}): ${output.slice(0, 200)}`,
        };
      }
      if (r.exitCode === 0) return { ok: true, detail: 'exit 0' };
      // A check that fetches a health endpoint: its status and what its JSON body says, not the raw text.
      const said = healthEndpointWords(r.output) ?? output.slice(0, 200);
      return { ok: false, detail: `exit ${r.exitCode}${said ? `: ${said}` : ''}` };
    } catch (err) {
      return { ok: false, detail: (err as Error).message };
    }
  }
}
