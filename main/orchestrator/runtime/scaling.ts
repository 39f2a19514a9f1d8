import type { Stack } from '../compose/model';
import { Label } from './labels';
import { unitKey } from './replicas';
import type { RunContext } from './run-context';
import { initialSnapshot } from './service-state';
import type { ServiceSnapshot } from './service-state';

/**
 * How many containers each service runs: setting the count (`--scale`, the Scale control), what a
 * service scaled to 0 says, and the containers left past the count (the next up removes them).
 */
export class Scaling {
  /** A service scaled to 0 has no replica to speak for it: one snapshot per service says so. */
  private readonly zero = new Map<string, ServiceSnapshot>();

  constructor(
    private readonly ctx: RunContext,
    private readonly stack: Stack,
  ) {}

  set(scale: Readonly<Record<string, number>>): void {
    for (const [name, n] of Object.entries(scale)) {
      const service = this.stack.services[name];
      if (!service) throw new Error(`no such service: ${name}`);
      if (!Number.isInteger(n) || n < 0)
        throw new Error(`scale ${name}=${n}: a replica count is a whole number, 0 or more`);
      if (n > 1 && service.containerName)
        throw new Error(
          `cannot scale ${name} to ${n}: it has container_name "${service.containerName}", and container names must be unique`,
        );
      this.ctx.replicas.set(name, n);
      for (const unit of this.ctx.units(name)) this.ctx.book.ensure(unit, this.ctx.spec(unit).name);
    }
  }

  scaledToZero(name: string): ServiceSnapshot | undefined {
    if (!this.stack.services[name]) return undefined;
    let s = this.zero.get(name);
    if (!s)
      this.zero.set(
        name,
        (s = {
          ...initialSnapshot(name, this.ctx.spec(unitKey(name, 1)).name, this.ctx.clock.now()),
          reason: 'scaled to 0: no containers',
          why: { code: 'scaled-to-zero' },
        }),
      );
    return s;
  }

  surplus(): { service: string; replica: number; containerName: string; state: string }[] {
    return [...this.ctx.surplus.entries()].flatMap(([service, list]) =>
      list
        .map((c) => ({
          service,
          replica: Number(c.labels[Label.containerNumber] ?? '0'),
          containerName: c.name,
          state: c.state,
        }))
        .sort((a, b) => a.replica - b.replica),
    );
  }
}
