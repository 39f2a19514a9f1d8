import { spawn } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** What a provider program printed and how it ended. */
export interface ProgramResult {
  /** The exit code; null when a signal ended it. */
  code: number | null;
  /** Its last lines of standard error, for the reason it failed. */
  stderr: string;
}

/**
 * The port through which provider services are run: finding the program for a provider type, and
 * running it with its output read line by line. The local one runs programs on this machine.
 */
export interface ProviderHost {
  /** The program for `type`: the docker CLI plugin `docker-<type>`, else `<type>` on PATH; undefined when neither is there. */
  find(type: string): string | undefined;
  run(
    program: string,
    args: readonly string[],
    onLine: (line: string) => void,
    signal: AbortSignal,
  ): Promise<ProgramResult>;
}

/** Where the docker CLI looks for its plugins, in its order. */
function pluginFolders(env: NodeJS.ProcessEnv, home: string): string[] {
  return [
    join(env.DOCKER_CONFIG ?? join(home, '.docker'), 'cli-plugins'),
    '/usr/local/lib/docker/cli-plugins',
    '/usr/local/libexec/docker/cli-plugins',
    '/usr/lib/docker/cli-plugins',
    '/usr/libexec/docker/cli-plugins',
  ];
}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** Runs providers on this machine, with this environment (the shell's, for the command line). */
export function localProviderHost(env: NodeJS.ProcessEnv, home: string): ProviderHost {
  return {
    find(type) {
      if (type.includes('/')) return undefined;
      const plugin = pluginFolders(env, home)
        .map((d) => join(d, `docker-${type}`))
        .find(executable);
      if (plugin) return plugin;
      return (env.PATH ?? '')
        .split(delimiter)
        .filter(Boolean)
        .map((d) => join(d, type))
        .find(executable);
    },
    run(program, args, onLine, signal) {
      return new Promise((resolve, reject) => {
        const child = spawn(program, [...args], { env, stdio: ['ignore', 'pipe', 'pipe'], signal });
        let pending = '';
        let stderr = '';
        child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
          pending += chunk;
          const lines = pending.split('\n');
          pending = lines.pop() ?? '';
          for (const line of lines) onLine(line);
        });
        // Only the end is kept: it says why the program failed.
        child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-4000)));
        child.on('error', (err) => (signal.aborted ? resolve({ code: null, stderr }) : reject(err)));
        child.on('close', (code) => {
          if (pending) onLine(pending);
          resolve({ code, stderr: stderr.trim() });
        });
      });
    },
  };
}
