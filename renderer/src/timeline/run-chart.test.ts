import { describe, expect, it } from 'vitest';
import type { RunView, ServiceRunView } from '../../../preload/contract';
import { runChart, tickStep } from './run-chart';

const svc = (
  service: string,
  phases: ServiceRunView['phases'],
  extra: Partial<ServiceRunView> = {},
): ServiceRunView => ({
  service,
  status: 'ready',
  reason: '',
  replicas: 1,
  attempts: [],
  phases,
  ...extra,
});

const run = (ms: number, services: ServiceRunView[], path: string[] = []): RunView => ({
  id: `${ms}`,
  action: 'up',
  targets: [],
  startedAt: 1_000_000,
  endedAt: 1_000_000 + ms,
  outcome: 'ready',
  services,
  ...(path.length > 0 ? { criticalPath: { steps: path.map((service) => ({ service, ms: 1 })), ms: path.length } } : {}),
});

describe('runChart', () => {
  const now = run(
    4000,
    [
      svc(
        'api',
        [
          { status: 'defined', from: 0, to: 0 },
          { status: 'waiting', from: 0, to: 2000 },
          { status: 'starting', from: 2000, to: 3000 },
          { status: 'ready', from: 3000, to: 4000 },
        ],
        { readyMs: 1000 },
      ),
      svc(
        'db',
        [
          { status: 'starting', from: 0, to: 2000 },
          { status: 'ready', from: 2000, to: 4000 },
        ],
        { readyMs: 2000 },
      ),
      svc('cache', [{ status: 'starting', from: 100, to: 4000 }], { status: 'starting' }),
    ],
    ['db', 'api'],
  );

  it('orders rows as the services got going, drops what was only defined, and marks the critical path', () => {
    const chart = runChart(now);
    expect(chart.rows.map((r) => [r.service, r.critical])).toEqual([
      ['db', true],
      ['cache', false],
      ['api', true],
    ]);
    expect(chart.rows[2]?.segments.map((s) => [s.status, s.left, s.width])).toEqual([
      ['waiting', 0, 0.5],
      ['starting', 0.5, 0.25],
      ['ready', 0.75, 0.25],
    ]);
  });

  it('puts both runs on the longer one’s axis, with the earlier figures beside', () => {
    const before = run(8000, [svc('db', [{ status: 'starting', from: 0, to: 8000 }], { readyMs: 8000 })]);
    const chart = runChart(now, before);
    expect(chart.totalMs).toBe(8000);
    const db = chart.rows.find((r) => r.service === 'db');
    expect(db?.segments[0]?.width).toBe(0.25);
    expect(db?.compare?.[0]?.width).toBe(1);
    expect(db?.compareReadyMs).toBe(8000);
    expect(chart.rows.find((r) => r.service === 'api')?.compare).toBeUndefined();
    expect(chart.ticks.map((t) => t.label)).toEqual(['0 ms', '2.0 s', '4.0 s', '6.0 s', '8.0 s']);
  });

  it('gives each replica of a service with several its own bar', () => {
    const phases = (to: number): ServiceRunView['phases'] => [{ status: 'starting', from: 0, to }];
    const chart = runChart(
      run(4000, [
        svc('api', phases(4000), {
          replicas: 2,
          replicaRuns: [
            { replica: 1, attempts: [], phases: phases(1000), readyMs: 1000 },
            { replica: 2, attempts: [{ at: 10, reason: 'exited' }], phases: phases(4000) },
          ],
        }),
      ]),
    );
    expect(chart.rows[0]?.replicas?.map((r) => [r.replica, r.segments[0]?.width, r.readyMs, r.failedAttempts])).toEqual(
      [
        [1, 0.25, 1000, 0],
        [2, 1, undefined, 1],
      ],
    );
  });

  it('picks ticks of 1, 2 or 5 times a power of ten', () => {
    expect(tickStep(4000)).toBe(1000);
    expect(tickStep(130_000)).toBe(50_000);
    expect(tickStep(900)).toBe(200);
  });
});
