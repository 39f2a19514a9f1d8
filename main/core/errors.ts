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
