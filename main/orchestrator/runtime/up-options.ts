import type { Confirm } from './resources';

/** How an up goes, as compose's `up` flags set it; the defaults are a plain `up`. */
export interface UpOptions {
  /** Only the targets: dependencies count as they are now (restart uses it). */
  noDeps?: boolean;
  /** With noDeps, dependencies are not waited on at all (`up --no-deps`, as compose does). */
  ignoreDeps?: boolean;
  /** force: every container made anew (`--force-recreate`); never: existing ones kept even when outdated (`--no-recreate`). */
  recreate?: 'changed' | 'force' | 'never';
  /** `--build` (build every service with a build section) and `--no-build` (build none). */
  build?: 'always' | 'never';
  /** `--pull`: over each service's pull_policy. */
  pull?: 'always' | 'missing' | 'never';
  /** started: resolve once every container has started (`up -d`), not once ready. */
  until?: 'ready' | 'started';
  /** false: a service without a container is an error, none is made (`start`). */
  create?: boolean;
  /** A restart: the containers start again as they were, without their pre_start hooks (compose restarts them in place). */
  restarting?: boolean;
  /** Asked before a changed volume is made anew (`up -y` says yes; none: the up stops with VolumeChanged). */
  confirm?: Confirm;
  /** `up -t`: the grace a container this up stops gets (an outdated one, a scale down) instead of its stop_grace_period. */
  stopTimeoutSeconds?: number;
}

/** A service with no container where `start` needs one: compose's "has no container to start". */
export class NoContainer extends Error {
  override name = 'NoContainer';
  readonly hint = 'create it first: stackpilot up (or create) SERVICE';
  constructor(readonly service: string) {
    super(`service "${service}" has no container to start`);
  }
}
