import type { ServiceSnapshot } from '../orchestrator/runtime/service-state';
import { waitChain, waitChainTo } from '../orchestrator/runtime/wait-chain';

/**
 * Each waiting service's wait chain, and which changed since last told: a chain's end can move (db's
 * probe fails again) while the service at its head has nothing new of its own to say.
 */
export class WaitChains {
  private readonly told = new Map<string, string>();

  of(s: ServiceSnapshot, get: (name: string) => ServiceSnapshot | undefined): { hops: string[]; end?: string } {
    const chain = s.status === 'waiting' ? waitChainTo(s, get) : { hops: [] };
    this.told.set(s.name, chain.hops.join('\n'));
    return chain;
  }

  /** The waiting services (other than `except`) whose chain is not the one last told. */
  stale(
    all: readonly ServiceSnapshot[],
    get: (name: string) => ServiceSnapshot | undefined,
    except: string,
  ): ServiceSnapshot[] {
    return all.filter(
      (s) =>
        s.name !== except && s.status === 'waiting' && waitChain(s, get).join('\n') !== (this.told.get(s.name) ?? ''),
    );
  }

  clear(): void {
    this.told.clear();
  }
}
