/** A `post_start` or `pre_stop` hook: a command run in the container by an exec. */
export interface LifecycleHook {
  command: string[];
  user?: string;
  privileged?: boolean;
  workingDir?: string;
  /** KEY=VALUE (or a bare KEY), as the exec takes them. */
  environment: string[];
}

/**
 * A `pre_start` hook (compose v5.3): a throwaway container run to completion before the service's
 * first replica starts, with that replica's volumes and networks; a non-zero exit stops the start.
 */
export interface PreStartHook {
  /** Absent: the image's own command. */
  command?: string[];
  /** Absent: the service's image. */
  image?: string;
  user?: string;
  privileged?: boolean;
  workingDir?: string;
  /** KEY=VALUE (or a bare KEY), after the service's own. */
  environment: string[];
  /** Once per replica instead of once per service: compose does not run that yet, nor does Stackpilot. */
  perReplica?: boolean;
}
