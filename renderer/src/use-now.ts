import { useEffect, useState } from 'react';

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
