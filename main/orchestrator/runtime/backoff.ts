import type { RetryPolicy } from '../compose/model';

/** A source of randomness in [0, 1): Math.random in the app, a fixed sequence in tests. */
export type Random = () => number;

/**
 * The wait before attempt `attempt + 1`, after `attempt` failures: exponential (delay × 2^(n-1)),
 * capped at max_delay, with "equal jitter" (half fixed, half random) so that many services failing
 * together do not retry in lockstep, yet never retry sooner than half the backoff.
 */
export function backoffDelay(attempt: number, policy: RetryPolicy, random: Random): number {
  const exponential = Math.min(policy.maxDelay, policy.delay * 2 ** Math.max(0, attempt - 1));
  const half = exponential / 2;
  return Math.round(half + random() * half);
}
