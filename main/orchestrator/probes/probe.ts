/** One readiness check: ok, or why not (shown to the user as the wait's reason). */
export interface ProbeResult {
  ok: boolean;
  detail: string;
  /** Set when trying again cannot help (the check's command is not in the image), with why. */
  permanent?: string;
}

export interface ReadinessProbe {
  /** "http probe http://localhost:8000/health" */
  readonly description: string;
  check(signal: AbortSignal): Promise<ProbeResult>;
  close?(): void;
}

/**
 * Where an address the user wrote (localhost:8080) really is from here: itself on a local engine; on
 * a remote one the far host, or the local end of a tunnel to it.
 */
export type Reach = (host: string, port: number) => Promise<{ host: string; port: number }>;

export const DIRECT: Reach = (host, port) => Promise.resolve({ host, port });
