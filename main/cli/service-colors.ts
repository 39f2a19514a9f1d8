import type { ServiceStatus } from '../orchestrator/runtime/service-state';

/** ANSI colours per status (never colour alone: the status word is always printed). */
export const STATUS_COLOR: Record<ServiceStatus, number> = {
  defined: 90,
  waiting: 33,
  pulling: 36,
  building: 36,
  starting: 36,
  ready: 32,
  unhealthy: 31,
  backoff: 33,
  failed: 31,
  blocked: 35,
  stopping: 33,
  stopped: 90,
  completed: 32,
};

const SERVICE_PALETTE = [36, 33, 32, 35, 34, 96, 93, 92, 95, 94];

/** A stable colour per service name, for log prefixes. */
export function serviceColor(name: string): number {
  let h = 0;
  for (const ch of name) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return SERVICE_PALETTE[h % SERVICE_PALETTE.length] ?? 36;
}
