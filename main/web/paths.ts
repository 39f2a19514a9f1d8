import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface AppPaths {
  root: string;
  rendererDir: string;
  demoStack: string;
}

/** The app's files, found from the built entry (out/main/*.js) or the sources (main/web/*.ts). */
export function appPaths(from: string = dirname(fileURLToPath(import.meta.url))): AppPaths {
  let root = resolve(from);
  while (!existsSync(join(root, 'package.json')) && dirname(root) !== root) root = dirname(root);
  return {
    root,
    rendererDir: join(root, 'out', 'renderer'),
    demoStack: join(root, 'resources', 'demo', 'compose.yaml'),
  };
}
