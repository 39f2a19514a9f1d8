import { PassThrough } from 'node:stream';
import type Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import type { ContainerEvent } from '../orchestrator/driver';
import { subscribeEvents } from './streams';

/** An engine whose event stream the test writes. */
function engineWith(stream: PassThrough): Docker {
  return { getEvents: () => Promise.resolve(stream) } as unknown as Docker;
}

const line = (action: string, timeNano: number, id = 'c1'): string =>
  `${JSON.stringify({ Type: 'container', Action: action, Actor: { ID: id, Attributes: {} }, timeNano })}\n`;

describe('the engine’s event stream', () => {
  it('hands over an event the engine sends twice once (Podman does), and distinct events each', async () => {
    const stream = new PassThrough();
    const seen: ContainerEvent[] = [];
    const sub = subscribeEvents(
      engineWith(stream),
      {},
      (e) => seen.push(e),
      () => undefined,
    );
    await sub.ready;
    stream.write(line('create', 1_000_000_001));
    stream.write(line('create', 1_000_000_001));
    stream.write(line('start', 1_000_000_002));
    stream.write(line('create', 1_000_000_001, 'c2'));
    stream.write(line('die', 1_000_000_003));
    await new Promise((r) => setImmediate(r));
    sub.close();
    expect(seen.map((e) => `${e.containerId} ${e.action}`)).toEqual(['c1 create', 'c1 start', 'c2 create', 'c1 die']);
  });
});
