/** A top-level secret or config: where its content comes from. */
export interface FileSource {
  name: string;
  /** Absolute path of a file on the host (bind-mounted, as compose does). */
  file?: string;
  /** The variable it is read from (its value is `content`). */
  environment?: string;
  /** Written inline (configs), or read from `environment`. */
  content?: string;
}

/** A service's use of a secret or config: which one, and where and how it appears in the container. */
export interface FileGrant {
  source: string;
  /** Absolute path in the container. */
  target: string;
  uid?: number;
  gid?: number;
  /** Permission bits (0o444 when not given). */
  mode?: number;
  /** A config given no target (it goes to /<source>): compose prints none. */
  defaultTarget?: boolean;
  writtenTarget?: string; // a relative target as written (compose prints it so; placed under /run/secrets)
  /**
   * A file-based one given an owner or a mode: its content, read at load, to be copied in with them
   * (a bind mount keeps the host file's own).
   */
  content?: string;
}
