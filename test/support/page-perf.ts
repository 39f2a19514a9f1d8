import type { Page } from 'playwright-core';
import { expect } from 'vitest';

export interface MainThread {
  longest: number;
  longTasks: number;
  frames: number;
}

type Recorder = { __perf: MainThread };

/** Records, in the page from its first script on, the main thread's long tasks and the frames drawn. */
export async function recordMainThread(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as Recorder;
    w.__perf = { longest: 0, longTasks: 0, frames: 0 };
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        w.__perf.longest = Math.max(w.__perf.longest, e.duration);
        w.__perf.longTasks++;
      }
    }).observe({ type: 'longtask', buffered: true });
    const frame = (): void => {
      w.__perf.frames++;
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  });
}

export function readMainThread(page: Page): Promise<MainThread> {
  return page.evaluate(() => ({ ...(window as unknown as Recorder).__perf }));
}

/**
 * Proves the instrument (a deliberate 150 ms task must show up, or a figure of "no long task" would
 * mean nothing), then starts the count from zero. The task is scheduled as the page's own: code run
 * through the debugger protocol is not counted.
 */
export async function checkAndResetMainThread(page: Page): Promise<void> {
  await page.evaluate(() => {
    setTimeout(() => {
      const t = performance.now();
      while (performance.now() - t < 150);
    }, 0);
  });
  await expect
    .poll(() => page.evaluate(() => (window as unknown as Recorder).__perf.longest))
    .toBeGreaterThanOrEqual(100);
  await page.evaluate(() => {
    (window as unknown as Recorder).__perf = { longest: 0, longTasks: 0, frames: 0 };
  });
}

export function describeLongest(m: MainThread): string {
  return m.longTasks === 0
    ? 'under 50 ms (no long task reported; the browser reports tasks over 50 ms)'
    : `${m.longest.toFixed(0)} ms; ${m.longTasks} tasks over 50 ms`;
}
