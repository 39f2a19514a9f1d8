import { existsSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { Diagnostic } from './diagnostics';

/** The names compose looks for, in its order of preference. */
export const COMPOSE_FILE_NAMES = ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml'] as const;

function overrideNames(main: string): string[] {
  return main.startsWith('compose.')
    ? ['compose.override.yaml', 'compose.override.yml']
    : ['docker-compose.override.yaml', 'docker-compose.override.yml'];
}

const isFile = (p: string): boolean => existsSync(p) && statSync(p).isFile();

export interface Discovery {
  files: string[];
  warnings: Diagnostic[];
}

/**
 * Finds the compose file in `dir` or the nearest parent that has one, plus its override file, as
 * `docker compose` does when no `-f` is given.
 */
export function discoverComposeFiles(dir: string): Discovery | undefined {
  let current = resolve(dir);
  for (;;) {
    const found = COMPOSE_FILE_NAMES.map((n) => join(current, n)).filter(isFile);
    const main = found[0];
    if (main) {
      const warnings: Diagnostic[] = [];
      if (found.length > 1) {
        warnings.push({
          severity: 'warning',
          code: 'multiple-files',
          message: `found ${found.map((f) => basename(f)).join(' and ')} in ${current}; using ${basename(main)}`,
          hint: 'remove the one you do not use, or pick one with -f',
          location: { file: main, line: 1, column: 1 },
        });
      }
      const override = overrideNames(basename(main))
        .map((n) => join(current, n))
        .find(isFile);
      return { files: override ? [main, override] : [main], warnings };
    }
    const parent = dirname(current);
    if (parent === current) return undefined;
    current = parent;
  }
}
