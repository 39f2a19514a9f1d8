import type { LifecycleHook } from '../compose/model';
import type { ContainerDriver } from '../driver';
import type { Reason } from './reasons';

/** A hook that runs longer than this is taken as failed: it would hold a start or a stop forever. */
export const HOOK_TIMEOUT_MS = 5 * 60_000;

export type HookFailure = Extract<Reason, { code: 'hook-failed' }>;

/**
 * Runs a service's `post_start` or `pre_stop` hooks in the container, one after another, as
 * compose runs them; the first that exits non-zero stops the rest and is what failed.
 */
export async function runHooks(
  driver: ContainerDriver,
  containerId: string,
  hooks: readonly LifecycleHook[],
  hook: HookFailure['hook'],
): Promise<HookFailure | undefined> {
  for (const [i, h] of hooks.entries()) {
    const result = await driver.exec(containerId, h.command, HOOK_TIMEOUT_MS, {
      ...(h.user ? { user: h.user } : {}),
      ...(h.privileged ? { privileged: true } : {}),
      ...(h.workingDir ? { workingDir: h.workingDir } : {}),
      env: h.environment,
    });
    if (result.exitCode !== 0)
      return {
        code: 'hook-failed',
        hook,
        index: i + 1,
        command: h.command.join(' '),
        exitCode: result.exitCode,
        output: result.output.split('\n').slice(-20).join('\n'),
      };
  }
  return undefined;
}
