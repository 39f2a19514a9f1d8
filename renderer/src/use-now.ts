import { useEffect, useState, useSyncExternalStore } from 'react';

/**
 * The time, for live clocks (a retry countdown, an uptime). While `active`, each render reads the
 * clock itself; the interval only makes the component render again. (Returning the last tick's time
 * instead made a countdown that had just begun show a stale value in its first frame: "next try in
 * 4 s" for a 3 s backoff, which the e2e test's record of every frame caught.)
 */
export function useNow(active: boolean, ms = 1000): number {
  const [tick, setTick] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setTick(Date.now()), ms);
    return () => clearInterval(timer);
  }, [active, ms]);
  return active ? Date.now() : tick;
}

/**
 * One clock for many cells (a table's uptimes): every subscriber re-renders on the same tick, in one
 * React commit, instead of each on its own timer — 57 rows ticking apart are 57 layouts a second.
 */
const tickers = new Map<
  number,
  { listeners: Set<() => void>; timer: ReturnType<typeof setInterval> | undefined; now: number }
>();

function subscribeTicker(ms: number, listener: () => void): () => void {
  let t = tickers.get(ms);
  if (!t) {
    t = { listeners: new Set(), timer: undefined, now: Date.now() };
    tickers.set(ms, t);
  }
  const ticker = t;
  ticker.listeners.add(listener);
  if (ticker.timer === undefined) ticker.now = Date.now();
  ticker.timer ??= setInterval(() => {
    ticker.now = Date.now();
    for (const l of ticker.listeners) l();
  }, ms);
  return () => {
    ticker.listeners.delete(listener);
    if (ticker.listeners.size === 0 && ticker.timer !== undefined) {
      clearInterval(ticker.timer);
      ticker.timer = undefined;
    }
  };
}

export function useSharedNow(ms: number): number {
  return useSyncExternalStore(
    (listener) => subscribeTicker(ms, listener),
    () => tickers.get(ms)?.now ?? Date.now(),
  );
}
