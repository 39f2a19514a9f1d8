import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * docker compose v2 itself, the reference the differential tests compare Stackpilot with: the
 * binary named by STACKPILOT_COMPOSE_V2, else the docker CLI's compose plugin where the CLI looks for
 * it. `.ci/run` installs Debian trixie's 2.26.1 as the plugin. Missing in CI is a failure; on a
 * laptop without it the differential tests are skipped with a message saying so.
 */
export function composeReference(): string | undefined {
  const candidates = [
    process.env.STACKPILOT_COMPOSE_V2,
    join(homedir(), '.docker', 'cli-plugins', 'docker-compose'),
    '/usr/local/lib/docker/cli-plugins/docker-compose',
    '/usr/local/libexec/docker/cli-plugins/docker-compose',
    '/usr/lib/docker/cli-plugins/docker-compose',
    '/usr/libexec/docker/cli-plugins/docker-compose',
  ].filter((c): c is string => !!c);
  for (const bin of candidates) {
    if (!existsSync(bin)) continue;
    try {
      if (/version v?2\./.test(execFileSync(bin, ['version'], { encoding: 'utf8' }))) return bin;
    } catch {
      // Not runnable here: try the next one.
    }
  }
  if (process.env.CI === 'true')
    throw new Error(
      'CI=true but docker compose v2 is missing: bash .ci/run installs it (Debian trixie docker-compose 2.26.1)',
    );
  console.warn(
    'docker compose v2 not found (set STACKPILOT_COMPOSE_V2 or see .ci/run): the differential tests are skipped',
  );
  return undefined;
}
