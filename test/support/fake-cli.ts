import type { Clock } from '../../main/engine/clock';
import type { ContainerDriver } from '../../main/engine/driver';
import type { FakeClock } from './fake-clock';
import type { FakeDriver } from './fake-driver';
import { runCli } from '../../main/cli/run';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI with its output captured; `drive` carries the run to its end (a fake clock's run). */
export async function capturedCli(
  argv: string[],
  opts: { cwd: string; clock: Clock; connectEngine: () => Promise<ContainerDriver> },
  drive: (p: Promise<number>) => Promise<number> = (p) => p,
): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await drive(
    runCli(argv, {
      stdout: (t) => (stdout += t),
      stderr: (t) => (stderr += t),
      env: {},
      cwd: opts.cwd,
      homeDir: '/home/dev',
      color: false,
      connectEngine: opts.connectEngine,
      onInterrupt: () => () => undefined,
      clock: opts.clock,
    }),
  );
  return { code, stdout, stderr };
}

/** The CLI on the fake engine and clock, with the runner's waits run to the end. */
export function fakeCli(driver: FakeDriver, clock: FakeClock, cwd: string, ...argv: string[]): Promise<CliRun> {
  return capturedCli(argv, { cwd, clock, connectEngine: () => Promise.resolve(driver) }, (p) => clock.run(p));
}
