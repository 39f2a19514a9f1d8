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
