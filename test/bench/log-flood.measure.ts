import { monitorEventLoopDelay } from 'node:perf_hooks';
import { describe, expect, inject, it } from 'vitest';
import { EngineStack } from '../support/engine-stack';

/**
 * A service floods its log (50,000 lines a second for 10 s) while the log hub follows it: prints lines
 * ingested per second, peak RSS, and the longest event-loop stall (target under 100 ms), and checks
 * the hub's memory stays within its bounds.
 */
const engine = inject('engine');

describe.skipIf(!engine.available)('log flood (figures)', () => {
  it('50k lines/s for 10 s: bounded memory, a responsive event loop', async () => {
    // Each second: 50,000 numbered lines at once (seq is far faster than that), then wait for the next second.
    const s = await EngineStack.create(
      `services:
  flood:
    image: stackpilot-test/busybox:1
    init: true
    command: ["sh", "-c", "for s in 1 2 3 4 5 6 7 8 9 10; do seq $$(( (s-1)*50000+1 )) $$(( s*50000 )) | sed 's/^/flood line /'; sleep 1; done; exec sleep 3600"]
`,
      { collectLogs: { maxLinesPerService: 100_000, maxBytesPerService: 16 * 1024 * 1024 } },
    );
    const delay = monitorEventLoopDelay({ resolution: 10 });
    let peakRss = process.memoryUsage().rss;
    const rssTimer = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
    let received = 0;
    let batches = 0;
    try {
      const off = s.runner.logs?.subscribe((b) => {
        received += b.length;
        batches++;
      });
      delay.enable();
      const t0 = Date.now();
      expect((await s.runner.up()).ok).toBe(true);
      while (received < 500_000 && Date.now() - t0 < 60_000) await new Promise((r) => setTimeout(r, 100));
      const seconds = (Date.now() - t0) / 1000;
      delay.disable();
      off?.();
      const stats = s.runner.logs?.stats();
      console.log(
        [
          '',
          'log flood: 500,000 lines over 10 s (50k lines/s)',
          `    ingested           ${received.toLocaleString('en')} lines in ${seconds.toFixed(1)} s = ${Math.round(received / seconds).toLocaleString('en')} lines/s, in ${batches} batches`,
          `    kept in the hub    ${stats?.lines.toLocaleString('en')} lines, ${((stats?.bytes ?? 0) / 1024 / 1024).toFixed(1)} MiB (bounds: 100,000 lines, 16 MiB)`,
          `    peak RSS           ${(peakRss / 1024 / 1024).toFixed(0)} MiB (the whole test process)`,
          `    event-loop stall   longest ${(delay.max / 1e6).toFixed(1)} ms, p99 ${(delay.percentile(99) / 1e6).toFixed(1)} ms   (target: longest < 100 ms)`,
        ].join('\n'),
      );
      expect(received).toBe(500_000);
      expect(stats?.lines).toBe(100_000);
      expect(stats?.bytes).toBeLessThanOrEqual(16 * 1024 * 1024);
    } finally {
      clearInterval(rssTimer);
      await s.cleanup();
    }
  }, 120_000);
});
