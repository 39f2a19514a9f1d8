import { PassThrough, Readable } from 'node:stream';
import { Label } from '../runtime/labels';
import type { Orchestrator } from '../runtime/orchestrator';
import type { UpResult } from '../runtime/up-result';
import type { WatchPort } from './watch-session';

const problems = (r: UpResult): string | undefined =>
  r.ok
    ? undefined
    : r.aborted
      ? 'interrupted'
      : r.problems.map((p) => `${p.service} ${p.status} (${p.reason})`).join('; ') || 'not ready';

/** A watch's actions on a stack's runner: what the window and `stackpilot watch` both use. */
export function runnerWatchPort(runner: Orchestrator, signal: AbortSignal): WatchPort {
  return {
    containers: async (service) =>
      (await runner.containersOf([service]))
        .filter((c) => c.state === 'running' && c.labels[Label.oneoff] !== 'True')
        .map((c) => ({ id: c.id, name: c.name })),
    run: async (id, command, stdin, as = {}) => {
      let output = '';
      const out = new PassThrough();
      out.on('data', (d: Buffer) => {
        // The end says why a step failed; a tar that lists every file need not be kept whole.
        output = (output + d.toString('utf8')).slice(-4000);
      });
      const exitCode = await runner.inside.execAttached(
        id,
        command,
        { ...(stdin ? { stdin: Readable.from([stdin]) } : {}), stdout: out, stderr: out },
        as,
      );
      return { exitCode, output };
    },
    rebuild: async (services) =>
      problems(
        await runner.up(services, signal, {}, { noDeps: true, ignoreDeps: true, build: 'always', recreate: 'force' }),
      ),
    restart: async (services) => {
      const failed: string[] = [];
      for (const s of services) {
        const p = problems(await runner.restart(s, signal));
        if (p) failed.push(p);
      }
      return failed.length > 0 ? failed.join('; ') : undefined;
    },
  };
}
