/**
 * The link to the container engine as the session knows it: connected (with the engine's label,
 * "Podman 4.3.1 (API 1.41) at …"), or not, and why.
 */
export type EngineLink = { state: 'connected'; since?: number; engine?: string } | { state: 'unreachable'; reason: string } | { state: 'unknown'; reason: string };
