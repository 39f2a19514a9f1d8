import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Debian's docker-compose 1.29, the reference the compatibility tests compare with. Missing in CI
 * is a failure (it is installed there); on a laptop without it those tests pass over it.
 */
export function hasDockerCompose(): boolean {
  try {
    execFileSync('docker-compose', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    if (process.env.CI === 'true')
      throw new Error('CI=true but docker-compose is missing: apt-get install -y docker-compose');
    return false;
  }
}

/**
 * Runs `yaml` with docker-compose under `project` (`up -d`) in a folder of its own (with the
 * folders `dirs` made in it), hands over to `check` with that folder, then downs it.
 */
export function withDockerCompose(
  project: string,
  yaml: string,
  check: (dir: string) => void,
  dirs: readonly string[] = [],
): void {
  const dir = mkdtempSync(join(tmpdir(), 'sp-dc-'));
  const file = join(dir, 'compose.yaml');
  writeFileSync(file, yaml);
  for (const d of dirs) mkdirSync(join(dir, d), { recursive: true });
  try {
    execFileSync('docker-compose', ['-p', project, '-f', file, 'up', '-d'], { stdio: 'pipe' });
    check(dir);
  } finally {
    execFileSync('docker-compose', ['-p', project, '-f', file, 'down', '-t', '1'], { stdio: 'pipe' });
    rmSync(dir, { recursive: true, force: true });
  }
}
