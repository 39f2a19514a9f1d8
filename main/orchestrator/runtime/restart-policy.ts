/** The engine's restart policies (`restart:`), as dockerd runs them: what Stackpilot leaves to the engine. */

/** How many runs a restart policy allows in all: on-failure:N is N restarts after the first; else unbounded. */
export function engineRuns(policy: string): number | undefined {
  const max = /^on-failure:(\d+)$/.exec(policy)?.[1];
  return max === undefined ? undefined : Number(max) + 1;
}

/** Whether dockerd starts a container again after it exited with `exitCode` under `policy`. */
export function engineRestartsAfter(policy: string, exitCode: number | undefined): boolean {
  return policy === 'always' || policy === 'unless-stopped' || (policy.startsWith('on-failure') && exitCode !== 0);
}
