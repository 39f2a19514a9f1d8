/** Where something was written: a compose file (or .env / env_file) and a 1-based line and column. */
export interface SourceLocation {
  file: string;
  line: number;
  column: number;
}

export type DiagnosticSeverity = 'error' | 'warning';

/**
 * One finding about the user's input. `code` is stable (tests and the UI key on it), `message` says
 * what is wrong in words, `hint` says what to do about it.
 */
export interface Diagnostic {
  severity: DiagnosticSeverity;
  code: DiagnosticCode;
  message: string;
  hint?: string;
  location?: SourceLocation;
  /** Dotted path in the compose model, e.g. `services.api.ports[0]`. */
  path?: string;
  /** The variable a missing/unset-variable finding is about, so a UI can ask for it. */
  variable?: string;
}

export type DiagnosticCode =
  | 'file-not-found'
  | 'file-unreadable'
  | 'too-many-problems'
  | 'no-compose-file'
  | 'yaml-syntax'
  | 'duplicate-key'
  | 'wrong-type'
  | 'invalid-value'
  | 'invalid-port'
  | 'invalid-volume'
  | 'invalid-duration'
  | 'invalid-interpolation'
  | 'missing-variable'
  | 'unset-variable'
  | 'unknown-dependency'
  | 'inactive-dependency'
  | 'dependency-cycle'
  | 'undefined-network'
  | 'undefined-volume'
  | 'no-image'
  | 'invalid-name'
  | 'no-services'
  | 'env-file'
  | 'unknown-key'
  | 'unsupported-key'
  | 'ignored-key'
  | 'obsolete-key'
  | 'multiple-files'
  | 'skipped-dependency';

export function formatLocation(location: SourceLocation | undefined): string {
  if (!location) return '';
  return `${location.file}:${location.line}:${location.column}`;
}

/** `file:line:col: error: message` followed by an indented hint, the way compilers print. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = formatLocation(d.location);
  const head = `${where ? `${where}: ` : ''}${d.severity}: ${d.message}`;
  return d.hint ? `${head}\n  hint: ${d.hint}` : head;
}

/** Thrown when a stack cannot be loaded; carries every error found, not just the first. */
export class ComposeLoadError extends Error {
  override readonly name = 'ComposeLoadError';
  readonly code = 'compose-invalid';
  constructor(
    readonly errors: Diagnostic[],
    readonly warnings: Diagnostic[] = [],
  ) {
    super(errors.map(formatDiagnostic).join('\n'));
  }
}

export type ModelPath = readonly (string | number)[];

export function formatPath(path: ModelPath): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out ? `.${seg}` : seg;
  }
  return out;
}
