import type { FakeClock } from './fake-clock';
import type { FakeDriver } from './fake-driver';
import { runCli } from '../../main/cli/run';

/** The CLI on the fake engine and clock, with the runner's waits run to the end. */
export async function fakeCli(driver: FakeDriver, clock: FakeClock, cwd: string, ...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await clock.run(
    runCli(argv, {
      stdout: (t) => (stdout += t),
      stderr: (t) => (stderr += t),
      env: {},
      cwd,
      homeDir: '/home/dev',
      color: false,
      connectEngine: () => Promise.resolve(driver),
      onInterrupt: () => () => undefined,
      clock,
    }),
  );
  return { code, stdout, stderr };
}
