import type { Dependency, DeviceRequest } from './model';

/** What `config` prints back as written, where the model keeps only what it means. */
export interface WrittenForm {
  scale?: number;
  deploy?: {
    replicas?: number;
    resources: {
      limits?: { cpus?: number; memory?: number; pids?: number };
      reservations?: { memory?: number; devices?: DeviceRequest[] };
    };
    restartPolicy?: { condition?: string; maxAttempts?: number };
  };
  /** Compose keys of `settings` (mem_limit, cpus, …) whose value comes from `deploy.resources` only. */
  fromDeploy: string[];
  /** `restart` comes from `deploy.restart_policy`. */
  restartFromDeploy: boolean;
  /** `environment` as written (no env_file values, no values taken from the shell for a bare KEY). */
  environment?: Record<string, string | null>;
  /** Optional dependencies (`required: false`) on services that are not active, so not waited on. */
  skippedDependencies?: Record<string, Dependency>;
  /**
   * What compose's normalisation added, left out by `config --no-normalize`: the default network it
   * joins when none is written, dependencies implied by links, shared namespaces and volumes_from,
   * the default Dockerfile; and what it rewrote: build args as written (a bare KEY as null), and
   * `pull_policy: if_not_present`.
   */
  normalized?: {
    defaultNetwork?: boolean;
    impliedDependencies?: string[];
    dockerfile?: boolean;
    buildArgs?: Record<string, string | null>;
    pullPolicy?: string;
  };
}
