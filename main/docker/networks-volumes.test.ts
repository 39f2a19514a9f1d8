import { describe, expect, it } from 'vitest';
import type { EngineApi } from './engine-api';
import { removeNetwork } from './networks-volumes';

/** A network the engine refuses to remove while it keeps a stale endpoint, until that is force-deleted. */
function staleEndpointEngine() {
  const disconnects: unknown[] = [];
  let stale = true;
  const network = {
    remove: () =>
      stale
        ? Promise.reject(
            Object.assign(new Error('error while removing network: network x has active endpoints'), {
              statusCode: 403,
            }),
          )
        : Promise.resolve(),
    inspect: () => Promise.resolve({ Containers: {} }),
    disconnect: (opts: { Container: string; Force: boolean }) => {
      disconnects.push(opts);
      if (opts.Container === 't-app-1' && opts.Force) stale = false;
      return Promise.resolve();
    },
  };
  const api = {
    docker: { getNetwork: () => network },
    fail: (err: unknown) => {
      throw err;
    },
  } as unknown as EngineApi;
  return { api, disconnects };
}

describe('removing a network', () => {
  it('deletes the stale endpoints of the containers just removed when the engine keeps them', async () => {
    const { api, disconnects } = staleEndpointEngine();
    await removeNetwork(api, 't_default', ['t-app-1', 't-db-1']);
    expect(disconnects).toEqual([
      { Container: 't-app-1', Force: true },
      { Container: 't-db-1', Force: true },
    ]);
  }, 10_000);
});
