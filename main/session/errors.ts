/** A command about the open stack when none is open (or the one opened did not load). */
export class NoStackOpen extends Error {
  override readonly name = 'PayloadError';
  readonly code = 'no-stack-open';
  readonly hint = 'open a compose file or folder first (one that loads)';
}

export class UnknownService extends Error {
  override readonly name = 'PayloadError';
  readonly code = 'unknown-service';
  readonly hint = 'use a service name from the open compose file';
}

export class NotRunning extends Error {
  override readonly name = 'NotRunning';
  readonly code = 'not-running';
  readonly hint = 'start it first (Up, or Start on the service)';
}

export class UnknownVariable extends Error {
  override readonly name = 'PayloadError';
  readonly code = 'unknown-variable';
  readonly hint = 'inspect the service again: its container may have been recreated';
}

/** The override shown is not what would be written now: the files (or the history) changed meanwhile. */
export class StaleAdvice extends Error {
  override readonly name = 'StaleAdvice';
  readonly code = 'stale-advice';
  readonly hint = 'look at the advice again: it is made anew from the files as they are now';
}

/** A file Stackpilot was asked to write could not be written. */
export class WriteFailed extends Error {
  override readonly name = 'WriteFailed';
  readonly code = 'write-failed';
  readonly hint = 'check that the project folder is writable by you';
}

/** An engine (docker context) that is not among those one can pick. */
export class UnknownEngine extends Error {
  override readonly name = 'PayloadError';
  readonly code = 'unknown-engine';
  readonly hint = 'pick one of the listed engines (docker context ls lists the same)';
}
