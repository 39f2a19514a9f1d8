/** What a CLI command may touch of the outside world: injected so commands are tested in-process. */
export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  homeDir: string;
  /** Colour only when writing to a terminal and NO_COLOR is not set. */
  color: boolean;
}

export const ExitCode = { ok: 0, failure: 1, invalidInput: 2 } as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export function paint(io: CliIO, code: number, text: string): string {
  return io.color ? `\u001b[${code}m${text}\u001b[0m` : text;
}
