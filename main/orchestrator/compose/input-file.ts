import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { constants } from 'node:fs';

/** Above this, a file given as compose input is refused: far past any real one, and reading it would exhaust memory. */
export const MAX_INPUT_BYTES = 256 * 1024 * 1024;

export interface InputProblem {
  /** Why the file cannot be read: the words for each case. */
  kind: 'missing' | 'folder' | 'not-a-file' | 'permission' | 'symlink-loop' | 'too-large' | 'unreadable';
  message: string;
  hint: string;
}

/**
 * Reads a file that is input to the loader (a compose file, `.env`, `env_file`, `label_file`, an
 * `extends` or `include` file, a secret's file), refusing whatever is not a regular file before it
 * is opened for reading: a FIFO would block for ever and `/dev/zero` never ends. Each refusal says
 * what the path is and what to do; `what` names the file's role ("env_file", "compose file").
 */
export function readInputFile(path: string, what: string): { text: string } | { problem: InputProblem } {
  const problem = inputProblem(path, what);
  if (problem) return { problem };
  let fd: number | undefined;
  try {
    // O_NONBLOCK: should the path have become a FIFO since it was checked, the open does not wait for a writer.
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
    const st = fstatSync(fd);
    if (!st.isFile())
      return {
        problem: { kind: 'not-a-file', message: `${what} ${path} is not a regular file`, hint: 'point at a file' },
      };
    if (st.size > MAX_INPUT_BYTES) return { problem: tooLarge(path, what, st.size) };
    const buffer = Buffer.alloc(st.size);
    let read = 0;
    while (read < st.size) {
      const n = readSync(fd, buffer, read, st.size - read, read);
      if (n === 0) break;
      read += n;
    }
    return { text: buffer.subarray(0, read).toString('utf8') };
  } catch (err) {
    return { problem: fromError(path, what, err) };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** What stops `path` from being read as an input file, or undefined when it can be. */
export function inputProblem(path: string, what: string): InputProblem | undefined {
  try {
    const st = statSync(path);
    if (st.isDirectory())
      return { kind: 'folder', message: `${what} ${path} is a folder, not a file`, hint: 'name a file in it' };
    if (!st.isFile())
      return {
        kind: 'not-a-file',
        message: `${what} ${path} is not a regular file (a device, FIFO or socket)`,
        hint: 'point at a regular file',
      };
    if (st.size > MAX_INPUT_BYTES) return tooLarge(path, what, st.size);
    return undefined;
  } catch (err) {
    return fromError(path, what, err);
  }
}

function tooLarge(path: string, what: string, size: number): InputProblem {
  return {
    kind: 'too-large',
    message: `${what} ${path} is ${Math.round(size / 1024 / 1024)} MiB, more than the ${MAX_INPUT_BYTES / 1024 / 1024} MiB Stackpilot reads`,
    hint: 'point at the right file',
  };
}

/** The words for a failed stat or read (exported for the test: root reads every file, so EACCES cannot be made). */
export function fromError(path: string, what: string, err: unknown): InputProblem {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return { kind: 'missing', message: `${what} ${path} does not exist`, hint: 'check the path' };
  if (code === 'ENOTDIR')
    return {
      kind: 'missing',
      message: `${what} ${path} does not exist (a part of the path is a file, not a folder)`,
      hint: 'check the path',
    };
  if (code === 'EACCES' || code === 'EPERM')
    return {
      kind: 'permission',
      message: `${what} ${path} cannot be read: permission denied`,
      hint: `give your user read access to it (ls -l ${path})`,
    };
  if (code === 'ELOOP')
    return {
      kind: 'symlink-loop',
      message: `${what} ${path} is a symbolic link that leads back to itself`,
      hint: 'fix the link (ls -l shows where it points)',
    };
  return {
    kind: 'unreadable',
    message: `${what} ${path} cannot be read: ${(err as Error).message}`,
    hint: 'check the file',
  };
}
