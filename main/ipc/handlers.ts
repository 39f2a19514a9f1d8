import { z } from 'zod';
import { isInvokeChannel } from '../../preload/contract';
import type { AppInfo, InvokeChannel, InvokeMap, InvokeResponse, ContractErrorData } from '../../preload/contract';
import type { OpenStack } from '../session/open-stack';
import { StackSet } from '../session/stack-set';
import type { StackSession } from '../session/stack-session';
import { adviceView } from './views/advice-view';
import { inspectView } from './views/inspect-view';
import { projectView } from './views/project-view';
import { logViews, snapshotView } from './views/runtime-views';
import { shownView } from './views/stack-view';
import { SettingsService } from '../session/settings-service';
import { CONCURRENCY_RANGE } from '../session/settings-store';

/** One function per channel; the Electron bridge and browser mode both dispatch to these. */
export type ContractHandlers = {
  [C in InvokeChannel]: (...args: unknown[]) => Promise<InvokeMap[C]['result']>;
};

export class PayloadError extends Error {
  override readonly name = 'PayloadError';
}

const serviceName = z
  .string()
  .regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/, 'a service name: letters, digits, ".", "_", "-"')
  .max(255);
const serviceList = z.array(serviceName).max(1000);
const variableName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a variable name: letters, digits and _')
  .max(255);

const terminalId = z.uuid();

/** A container's variable: any name the engine accepts (no "=", no NUL). */
const envName = z
  .string()
  .min(1)
  .max(1024)
  .refine((n) => !n.includes('=') && !n.includes('\0'), 'a variable name (no "=")');

/**
 * The argument list each channel accepts. Objects are strict (an unknown field is refused, not
 * ignored), so what the renderer sends is exactly what the contract says.
 */
const argSchemas = {
  'app:info': z.tuple([]),
  'stack:open': z.tuple([
    z.strictObject({
      path: z
        .string()
        .min(1)
        .max(4096)
        .refine((p) => !p.includes('\0'), 'no NUL characters'),
      profiles: z.array(z.string().max(255)).max(100).optional(),
      projectName: z
        .string()
        .regex(/^[a-z0-9][a-z0-9_-]*$/, 'a project name: lowercase letters, digits, "_" and "-"')
        .max(255)
        .optional(),
    }),
  ]),
  'stack:current': z.tuple([]),
  'stack:set-variables': z.tuple([
    z.strictObject({
      values: z
        .record(variableName, z.string().max(65_536))
        .refine((v) => Object.keys(v).length > 0 && Object.keys(v).length <= 200, '1 to 200 variables'),
      save: z.boolean(),
    }),
  ]),
  'stack:set-profiles': z.tuple([
    z
      .array(
        z
          .string()
          .regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/, 'a profile name')
          .max(255),
      )
      .max(100),
  ]),
  'stack:preflight': z.tuple([]),
  'stack:recent': z.tuple([]),
  'stack:up': z.union([z.tuple([]), z.tuple([z.strictObject({ recreateChangedVolumes: z.boolean() })])]),
  'stack:down': z.tuple([]),
  'stack:restart': z.tuple([]),
  'stack:fetch-images': z.tuple([]),
  'stack:recreate-outdated': z.tuple([]),
  'stack:watch': z.tuple([z.boolean()]),
  'stacks:list': z.tuple([]),
  'stack:close': z.tuple([z.string().min(1)]),
  'service:start': z.tuple([serviceName]),
  'service:stop': z.tuple([serviceName]),
  'service:restart': z.tuple([serviceName]),
  'service:reset-circuit': z.tuple([serviceName]),
  'service:scale': z.tuple([serviceName, z.number().int().min(0).max(1000)]),
  'runtime:snapshot': z.tuple([]),
  'logs:fetch': z.tuple([
    z.strictObject({
      services: serviceList.optional(),
      afterSeq: z.number().int().min(0).optional(),
      limit: z.number().int().min(1).max(100_000).optional(),
    }),
  ]),
  'logs:search': z.tuple([
    z
      .strictObject({
        text: z.string().min(1).max(1000),
        regex: z.boolean().optional(),
        services: serviceList.optional(),
      })
      .refine((r) => !r.regex || isRegExp(r.text), { message: 'not a valid regular expression', path: ['text'] }),
  ]),
  'service:inspect': z.union([z.tuple([serviceName]), z.tuple([serviceName, z.number().int().min(1).max(1000)])]),
  'service:reveal-env': z.union([
    z.tuple([serviceName, envName]),
    z.tuple([serviceName, envName, z.number().int().min(1).max(1000)]),
  ]),
  'engine:projects': z.tuple([]),
  'engine:choices': z.tuple([]),
  'stack:use-engine': z.tuple([z.string().min(1).max(200)]),
  'settings:get': z.tuple([]),
  'settings:set': z.tuple([
    z.strictObject({
      theme: z.enum(['system', 'light', 'dark']).optional(),
      fastReadiness: z.boolean().optional(),
      concurrency: z.number().int().min(CONCURRENCY_RANGE.min).max(CONCURRENCY_RANGE.max).optional(),
      restartOnUnhealthy: z.boolean().optional(),
      notifications: z.boolean().optional(),
      onQuit: z.enum(['ask', 'stop', 'leave']).optional(),
    }),
  ]),
  'terminal:open': z.tuple([
    z.strictObject({
      service: serviceName,
      replica: z.number().int().min(1).max(1000).optional(),
      command: z.string().max(8192).optional(),
      cols: z.number().int().min(2).max(1000),
      rows: z.number().int().min(1).max(500),
    }),
  ]),
  'terminal:input': z.tuple([terminalId, z.string().max(1_000_000)]),
  'terminal:resize': z.tuple([terminalId, z.number().int().min(2).max(1000), z.number().int().min(1).max(500)]),
  'terminal:close': z.tuple([terminalId]),
  'history:list': z.tuple([]),
  'stack:advise': z.tuple([]),
  'stack:plan': z.tuple([]),
  'stack:advise-write': z.tuple([z.string().max(1_000_000)]),
  'stack:bundle': z.tuple([]),
} satisfies { [C in InvokeChannel]: z.ZodType<InvokeMap[C]['args']> };

function isRegExp(text: string): boolean {
  try {
    new RegExp(text);
    return true;
  } catch {
    return false;
  }
}

/** Checks one call's arguments against its schema; the error names the channel and the bad field. */
export function parseArgs<C extends InvokeChannel>(channel: C, args: unknown[]): InvokeMap[C]['args'] {
  const result = argSchemas[channel].safeParse(args);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue && issue.path.length > 0 ? ` at ${issue.path.map(String).join('.')}` : '';
  throw new PayloadError(`${channel}: bad arguments${where}: ${issue?.message ?? 'invalid'}`);
}

/** Runs a handler body as a promise, so a thrown PayloadError becomes a rejection like any other. */
function settle<T>(body: () => T | Promise<T>): Promise<T> {
  try {
    return Promise.resolve(body());
  } catch (err) {
    return Promise.reject(err instanceof Error ? err : new Error(String(err)));
  }
}

/** What a channel does with its checked arguments; the channel is written once, as the key. */
type ChannelBodies = {
  [C in InvokeChannel]: (...args: InvokeMap[C]['args']) => InvokeMap[C]['result'] | Promise<InvokeMap[C]['result']>;
};

/** Each body behind its channel's argument check: what reaches a body is what the contract says. */
function handleAll(bodies: ChannelBodies): ContractHandlers {
  const handle = <C extends InvokeChannel>(channel: C) => {
    const body = bodies[channel] as (
      ...args: InvokeMap[C]['args']
    ) => InvokeMap[C]['result'] | Promise<InvokeMap[C]['result']>;
    return (...args: unknown[]): Promise<InvokeMap[C]['result']> => settle(() => body(...parseArgs(channel, args)));
  };
  // Built key by key from the same keys, so every channel has its handler; TypeScript cannot follow
  // a mapped type through Object.fromEntries, hence the one cast.
  return Object.fromEntries((Object.keys(bodies) as InvokeChannel[]).map((c) => [c, handle(c)])) as ContractHandlers;
}

export function createHandlers(
  stacks: OpenStack | StackSet,
  info: AppInfo,
  settings: SettingsService = SettingsService.inMemory(() => undefined),
): ContractHandlers {
  const set = stacks instanceof StackSet ? stacks : StackSet.of(stacks);
  // Each call acts on the stack shown at the time it is made.
  const open = (): OpenStack => set.current;
  const session = (): StackSession => set.current.session;
  // A terminal belongs to the stack it was opened in, shown or not.
  const terminals = (id: string): StackSession['terminals'] =>
    (set.all().find((s) => s.session.terminals.has(id)) ?? set.current).session.terminals;
  return handleAll({
    'app:info': () => info,
    'stack:open': (request) => shownView(set.open(request)),
    'stack:current': () => {
      const shown = open().shown;
      return shown ? shownView(shown) : null;
    },
    'stack:set-variables': (request) => shownView(open().setVariables(request)),
    'stack:set-profiles': (profiles) => shownView(open().setProfiles(profiles)),
    'stack:preflight': () => open().preflight(),
    'stack:recent': () => open().recent(),
    'stack:up': (...request) => session().up(...request),
    'stack:down': () => session().down(),
    'stack:restart': () => session().restartAll(),
    'stack:fetch-images': () => session().fetchImages(),
    'stack:recreate-outdated': () => session().recreateOutdated(),
    'stacks:list': () => set.list(),
    'stack:close': (id) => set.close(id),
    'stack:watch': (on) => session().setWatch(on),
    'service:start': (name) => session().start(name),
    'service:stop': (name) => session().stop(name),
    'service:restart': (name) => session().restart(name),
    'service:reset-circuit': (name) => session().resetCircuit(name),
    'service:scale': (name, replicas) => session().scale(name, replicas),
    'runtime:snapshot': () => snapshotView(session().snapshot()),
    'logs:fetch': (request) => logViews(session().logs(request)),
    'logs:search': async (request) => logViews(await session().search(request)),
    'service:inspect': async (name, replica) => {
      const found = await session().inspect(name, replica);
      return inspectView(found.service, found.details, found.secrets);
    },
    'service:reveal-env': (...args) => session().revealEnv(...args),
    'settings:get': () => settings.get(),
    'settings:set': (change) => {
      const view = settings.set(change);
      for (const s of set.all()) s.session.configure(settings.runnerOptions());
      return view;
    },
    'stack:advise': async () => adviceView(await session().advice()),
    'stack:plan': () => session().plan(),
    'stack:advise-write': (shown) => open().writeAdvice(shown),
    'stack:bundle': () => open().writeBundle(info),
    'history:list': () => session().history(),
    'engine:projects': async () => (await session().projects()).map((p) => projectView(p.project, p.open)),
    'engine:choices': () => open().engineChoices(),
    'stack:use-engine': (name) => open().useEngine(name),
    'terminal:open': (request) => session().openTerminal(request),
    'terminal:input': (id, data) => terminals(id).input(id, data),
    'terminal:resize': (...args) => terminals(args[0]).resize(...args),
    'terminal:close': (id) => terminals(id).close(id),
  });
}

/**
 * Runs one call from the other side: unknown channels and bad payloads are refused, and every failure
 * comes back as `{ error }` data, never as a lost stack trace.
 */
export async function dispatchInvoke(
  handlers: ContractHandlers,
  channel: unknown,
  args: unknown,
): Promise<InvokeResponse<unknown>> {
  if (!isInvokeChannel(channel))
    return {
      error: { name: 'PayloadError', message: `unknown channel ${JSON.stringify(channel)}`, code: 'unknown-channel' },
    };
  if (!Array.isArray(args))
    return { error: { name: 'PayloadError', message: 'arguments must be a list', code: 'bad-payload' } };
  try {
    return { result: await handlers[channel](...(args as unknown[])) };
  } catch (err) {
    return { error: errorData(err) };
  }
}

/**
 * Any failure as the contract's error data: the engine's errors keep their code and hint; a refused
 * payload is bad-payload; anything else is `unexpected`, with its message.
 */
export function errorData(err: unknown): ContractErrorData {
  const e = err instanceof Error ? (err as Error & { code?: unknown; hint?: unknown }) : new Error(String(err));
  const code =
    'code' in e && typeof e.code === 'string' ? e.code : e.name === 'PayloadError' ? 'bad-payload' : 'unexpected';
  const hint = 'hint' in e && typeof e.hint === 'string' && e.hint ? e.hint : undefined;
  return { name: e.name, code, message: e.message, ...(hint ? { hint } : {}) };
}
