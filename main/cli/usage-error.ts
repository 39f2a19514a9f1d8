/** A mistake in the command line: the command's usage is printed with it, and the exit code is 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  constructor(
    message: string,
    /** The option the parser did not know, as typed (`--quiet-pull`), to name the right one. */
    readonly unknownOption?: string,
  ) {
    super(message);
  }
}

/** Node's parser error as a UsageError: an unknown option named, not Node's advice about `--`. */
export function parseError(err: unknown): UsageError {
  const e = err as Error & { code?: string };
  if (e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const option = /'([^']+)'/.exec(e.message)?.[1] ?? '';
    return new UsageError(`unknown option ${option}`, option);
  }
  // "Option '--tail <value>' argument missing" and the like are already one short line.
  return new UsageError(e.message);
}
