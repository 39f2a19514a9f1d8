import type { Service } from '../compose/model';
import { EngineError } from '../errors';
import type { Outcome } from './dependency-gate';
import type { ProviderHost } from './provider-host';
import type { Reason } from './reasons';
import type { RunContext } from './run-context';

/** What a provider's `up` told compose to give the services that depend on it. */
interface ProviderVariables {
  /** `setenv`: given as `<SERVICE>_<KEY>`. */
  prefixed: Record<string, string>;
  /** `rawsetenv`: given as written, over the dependent's own. */
  raw: Record<string, string>;
}

/** A provider's `compose metadata`: the options each command takes; `stop` only when it has one. */
interface Metadata {
  up?: { parameters?: { name: string; required?: boolean }[] };
  down?: { parameters?: { name: string; required?: boolean }[] };
  stop?: { parameters?: { name: string; required?: boolean }[] };
  description?: string;
}

type Command = 'up' | 'down' | 'stop';

/** A provider program failed: what it was asked, and what it said. */
export class ProviderFailed extends EngineError {
  override name = 'ProviderFailed';
  constructor(
    readonly service: string,
    readonly why: Extract<Reason, { code: 'provider-failed' }>,
  ) {
    super(
      'provider-failed',
      `service "${service}": ${why.type} could not ${why.action} it: ${why.error}`,
      `the provider's own output says more; compose runs it as ${why.type} compose --project-name=<project> up|down|stop <service>`,
    );
  }
}

/**
 * Services run by a provider (compose's extension protocol, docker/compose docs/extension.md): the
 * program `<type> compose --project-name=<project> up|down|stop [--option=value…] <service>` does the
 * work and reports on standard output in JSON lines (`info`, `error`, `debug`, `setenv`,
 * `rawsetenv`). A provider has no container: its state is what its program last said, and what it
 * set is given to the services that depend on it, as compose gives it.
 */
export class ProviderServices {
  private readonly variables = new Map<string, ProviderVariables>();
  private warnings: { service: string; dependency: string; message: string }[] = [];

  constructor(
    private readonly ctx: Pick<RunContext, 'stack' | 'book' | 'service'>,
    private readonly host: ProviderHost,
    /** The variables changed: container specs made before them are stale. */
    private readonly onVariables: () => void,
  ) {}

  /** Runs the provider's up; the service has started, and is ready, once its program exits 0. */
  async up(name: string, signal: AbortSignal, markStarted: (ok: boolean) => void = () => undefined): Promise<Outcome> {
    const outcome = await this.runUp(name, signal);
    markStarted(outcome === 'ready');
    return outcome;
  }

  private async runUp(name: string, signal: AbortSignal): Promise<Outcome> {
    const { book } = this.ctx;
    const service = this.ctx.service(name);
    const type = service.provider?.type ?? '';
    book.apply(name, { type: 'starting', why: { code: 'provider', type, detail: `asking ${type} to create it` } });
    try {
      const vars = await this.run(service, 'up', signal, (detail) =>
        book.apply(name, { type: 'starting', why: { code: 'provider', type, detail } }),
      );
      if (signal.aborted) return 'aborted';
      this.variables.set(name, vars);
      this.onVariables();
      const given = [...Object.keys(vars.prefixed).map((k) => `${prefixOf(name)}${k}`), ...Object.keys(vars.raw)];
      book.apply(name, {
        type: 'became-ready',
        why: {
          code: 'provider',
          type,
          detail: `created by ${type}${given.length > 0 ? `; gives ${given.join(', ')} to its dependents` : ''}`,
        },
      });
      return 'ready';
    } catch (err) {
      if (signal.aborted) return 'aborted';
      book.apply(name, {
        type: 'failed',
        why:
          err instanceof ProviderFailed
            ? err.why
            : { code: 'provider-failed', type, action: 'create', error: (err as Error).message },
      });
      return 'failed';
    }
  }

  /** `stop`: run only when the provider says it has one (its metadata), as compose runs it. */
  async stop(name: string): Promise<void> {
    const service = this.ctx.service(name);
    const type = service.provider?.type ?? '';
    const program = this.host.find(type);
    if (!program || !(await this.metadata(program)).stop) return;
    await this.run(service, 'stop', new AbortController().signal);
    // Its program's word is all there is to go by: observed, from whatever state it was in.
    this.ctx.book.apply(name, {
      type: 'observed',
      status: 'stopped',
      why: { code: 'provider', type, detail: `stopped by ${type}` },
    });
  }

  /** `down`: the provider releases what it made for the service. */
  async down(name: string): Promise<void> {
    const service = this.ctx.service(name);
    const type = service.provider?.type ?? '';
    await this.run(service, 'down', new AbortController().signal);
    this.variables.delete(name);
    this.ctx.book.apply(name, { type: 'removed', why: { code: 'provider', type, detail: `removed by ${type}` } });
  }

  /**
   * Whether what the service's providers give it is known (they have run in this session): until
   * then its container cannot be judged outdated, its variables being part of the judgement.
   */
  knownFor(service: Service): boolean {
    return Object.keys(service.dependsOn).every((d) => !this.ctx.stack.services[d]?.provider || this.variables.has(d));
  }

  /** The service's variables with what its providers set over them (compose's setenv and rawsetenv). */
  environmentOf(service: Service): Record<string, string | null> {
    let env = service.environment;
    for (const dep of Object.keys(service.dependsOn)) {
      const vars = this.variables.get(dep);
      if (!vars) continue;
      env = { ...env };
      for (const [k, v] of Object.entries(vars.prefixed)) env[`${prefixOf(dep)}${k}`] = v;
      for (const [k, v] of Object.entries(vars.raw)) {
        if (Object.hasOwn(env, k) && env[k] !== v)
          this.warn(
            service.name,
            dep,
            `provider "${dep}" overrides environment variable "${k}" in service "${service.name}"`,
          );
        env[k] = v;
      }
    }
    return env;
  }

  /** What was overridden since last asked (an up's warnings). */
  takeWarnings(): { service: string; dependency: string; message: string }[] {
    const taken = this.warnings;
    this.warnings = [];
    return taken;
  }

  private warn(service: string, dependency: string, message: string): void {
    if (!this.warnings.some((w) => w.message === message)) this.warnings.push({ service, dependency, message });
  }

  private async run(
    service: Service,
    command: Command,
    signal: AbortSignal,
    onInfo?: (message: string) => void,
  ): Promise<ProviderVariables> {
    const provider = service.provider;
    if (!provider) throw new Error(`service "${service.name}" has no provider`);
    const action = command === 'up' ? 'create' : command === 'down' ? 'remove' : 'stop';
    const fail = (error: string): ProviderFailed =>
      new ProviderFailed(service.name, { code: 'provider-failed', type: provider.type, action, error });
    const program = this.host.find(provider.type);
    if (!program)
      throw fail(
        `no docker CLI plugin docker-${provider.type} and no ${provider.type} on PATH: install the provider, or put it on PATH`,
      );
    const metadata = await this.metadata(program);
    const params = metadata[command]?.parameters ?? [];
    const described =
      metadata.description !== undefined ||
      metadata.up?.parameters !== undefined ||
      metadata.down?.parameters !== undefined;
    const missing = params.find((p) => p.required && !Object.hasOwn(provider.options, p.name));
    if (described && missing)
      throw fail(
        `required parameter "${missing.name}" is missing from provider "${provider.type}" definition: add it under provider.options`,
      );
    // Only the options the command declares, when the provider describes its commands (as compose passes them).
    const flags = Object.entries(provider.options)
      .filter(([k]) => !described || params.some((p) => p.name === k))
      .flatMap(([k, values]) => values.map((v) => `--${k}=${v}`));
    const vars: ProviderVariables = { prefixed: {}, raw: {} };
    let error: string | undefined;
    const result = await this.host.run(
      program,
      ['compose', `--project-name=${this.ctx.stack.name}`, command, ...flags, service.name],
      (line) => {
        if (error !== undefined || line.trim() === '') return;
        error = this.message(line, vars, onInfo);
      },
      signal,
    );
    if (error !== undefined) throw fail(error);
    if (result.code !== 0) {
      const last = result.stderr.split('\n').pop();
      throw fail(
        `${program} exited with ${result.code === null ? 'a signal' : `code ${result.code}`}${last ? `: ${last}` : ''}`,
      );
    }
    return vars;
  }

  /** One JSON line from the provider; the error it reports, if it is one (or is not a message). */
  private message(line: string, vars: ProviderVariables, onInfo?: (message: string) => void): string | undefined {
    let msg: { type?: unknown; message?: unknown };
    try {
      msg = JSON.parse(line) as { type?: unknown; message?: unknown };
    } catch {
      return `invalid response from provider (not a JSON message): ${line.slice(0, 200)}`;
    }
    const text = typeof msg.message === 'string' ? msg.message : '';
    switch (msg.type) {
      case 'error':
        return text;
      case 'info':
        onInfo?.(text.split('\n')[0] ?? '');
        return undefined;
      case 'debug':
        return undefined;
      case 'setenv':
      case 'rawsetenv': {
        const at = text.indexOf('=');
        if (at < 0) return `invalid response from provider: ${text}`;
        (msg.type === 'setenv' ? vars.prefixed : vars.raw)[text.slice(0, at)] = text.slice(at + 1);
        return undefined;
      }
      default:
        return `invalid response from provider: ${String(msg.type)}`;
    }
  }

  /** `compose metadata`; nothing when the program does not answer it (it is optional). */
  private async metadata(program: string): Promise<Metadata> {
    let out = '';
    const result = await this.host
      .run(program, ['compose', 'metadata'], (line) => (out += `${line}\n`), new AbortController().signal)
      .catch(() => undefined);
    if (result?.code !== 0) return {};
    try {
      return JSON.parse(out) as Metadata;
    } catch {
      return {};
    }
  }
}

/** How compose prefixes a provider's setenv variables: the service name in capitals and `_`. */
function prefixOf(service: string): string {
  return `${service.toUpperCase()}_`;
}
