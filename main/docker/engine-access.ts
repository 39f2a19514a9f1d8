import { DockerEngine } from './engine-client';
import { engineChoices, withContext } from './endpoint';

/**
 * How every face reaches engines: one by docker context name (none: the one docker itself would use,
 * DOCKER_HOST or the current context), and the list of those one can pick.
 */
export function engineAccess(env: Readonly<Record<string, string | undefined>>, homeDir: string) {
  return {
    connect: (context?: string): Promise<DockerEngine> =>
      DockerEngine.connect(context ? withContext(env, context) : env, homeDir),
    choices: (): ReturnType<typeof engineChoices> => engineChoices(env, homeDir),
  };
}
