/** A mistake in the command line: the command's usage is printed with it, and the exit code is 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
