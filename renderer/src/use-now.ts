import { useEffect, useState } from 'react';

/** The current time, ticking every `ms` while `active` (for live countdowns and uptimes). */
export function useNow(active: boolean, ms = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    // Catch up at once: a countdown or uptime that just became live must not show a second-old time.
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [active, ms]);
  return now;
}
