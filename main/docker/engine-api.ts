import type Docker from 'dockerode';

/** What the per-resource modules need of the engine: the client, and the one way its errors become ours. */
export interface EngineApi {
  readonly docker: Docker;
  /** Where registry credentials are read from, for pulls and builds. */
  readonly credentials?: { env: Readonly<Record<string, string | undefined>>; homeDir: string };
  fail(err: unknown): never;
}

/** The HTTP status of a dockerode failure (404: no such object, 409: a conflict). */
export const status = (err: unknown): number | undefined => (err as { statusCode?: number }).statusCode;

/** Whether an object is there: its inspect answers (404: it is not; any other failure is the engine's). */
export async function exists(api: EngineApi, inspect: () => Promise<unknown>): Promise<boolean> {
  try {
    await inspect();
    return true;
  } catch (err) {
    if (status(err) === 404) return false;
    return api.fail(err);
  }
}
