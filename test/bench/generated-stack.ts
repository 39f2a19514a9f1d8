/**
 * A large, realistic compose file for benchmarks: `services` services with exactly `edges` dependency
 * edges (a DAG: each edge points to a lower-numbered service), long-form depends_on, health checks,
 * ports, environment and volumes. Deterministic (seeded), so runs compare.
 */
export function generatedCompose(services: number, edges: number, seed = 42): string {
  let state = seed;
  const random = (n: number): number => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state % n;
  };
  const deps = new Map<number, Set<number>>();
  let made = 0;
  while (made < edges) {
    const from = 1 + random(services - 1);
    const to = random(from);
    const set = deps.get(from) ?? new Set<number>();
    if (set.has(to)) continue;
    set.add(to);
    deps.set(from, set);
    made++;
  }
  const conditions = ['service_started', 'service_healthy', 'service_completed_successfully'];
  const lines = [
    'name: bench',
    'x-common: &common',
    '  restart: unless-stopped',
    '  labels:',
    '    com.example.bench: "true"',
    'services:',
  ];
  for (let i = 0; i < services; i++) {
    lines.push(`  svc-${i}:`, '    <<: *common', `    image: registry.local/team/svc-${i}:\${TAG:-1.0.${i}}`);
    lines.push(
      '    environment:',
      `      SERVICE_NAME: svc-${i}`,
      '      LOG_LEVEL: ${LOG_LEVEL:-info}',
      `      PORT: "${8000 + i}"`,
    );
    lines.push('    ports:', `      - "127.0.0.1:${20000 + i}:${8000 + i}"`);
    lines.push('    volumes:', `      - ./data/svc-${i}:/data`, '      - shared:/shared:ro');
    lines.push(
      '    healthcheck:',
      `      test: ["CMD", "wget", "-q", "-O-", "http://localhost:${8000 + i}/health"]`,
      '      interval: 10s',
      '      timeout: 2s',
      '      retries: 3',
      '      start_period: 5s',
    );
    const d = [...(deps.get(i) ?? [])];
    if (d.length > 0) {
      lines.push('    depends_on:');
      for (const to of d) lines.push(`      svc-${to}:`, `        condition: ${conditions[(i + to) % 2]}`);
    }
  }
  lines.push('volumes:', '  shared:');
  return `${lines.join('\n')}\n`;
}
