/**
 * Waits for a condition, polling, until a deadline that leaves room for a loaded machine; on timeout
 * the error says what was awaited and what was last seen (issue 25: no wait in a test is a sleep).
 */
export async function waitUntil<T>(
  what: string,
  look: () => T | Promise<T>,
  done: (seen: T) => boolean,
  opts: { timeoutMs?: number; everyMs?: number; describe?: (seen: T) => string } = {},
): Promise<T> {
  const { timeoutMs = 60_000, everyMs = 100, describe = (seen: T) => JSON.stringify(seen) } = opts;
  const t0 = Date.now();
  for (;;) {
    const seen = await look();
    if (done(seen)) return seen;
    if (Date.now() - t0 > timeoutMs)
      throw new Error(`${what}: not within ${timeoutMs / 1000} s; last seen: ${describe(seen)}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/**
 * How long a test waits for something the engine does (a container started, a check passed, a line
 * logged): seconds on an idle machine, many times that on a busy laptop. Only a failure waits it out.
 */
export const ENGINE_WAIT_MS = 60_000;
