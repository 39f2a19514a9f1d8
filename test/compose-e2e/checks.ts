import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The observables a scenario step can expect, after compose's own vocabulary (pkg/e2e/checks.go):
 * state-based first (containers, labels, as the engine reports them); the output only where the
 * command's reported decision is itself what is observed. A check returns undefined when it holds,
 * else what it saw instead.
 */

export interface ContainerState {
  id: string;
  name: string;
  state: string;
  exitCode: number;
  startedAt: string;
  health?: string;
  labels: Record<string, string>;
  env: string[];
  image: string;
  imageId: string;
}

export type Snapshot = ContainerState[];

export interface CheckContext {
  result: { code: number | null; stdout: string; stderr: string };
  /** The project's containers before and after the step. */
  prev: Snapshot;
  curr: Snapshot;
  /** The project's folder (a copy of its testdata), and its name. */
  dir: string;
  project: string;
  refresh(): Snapshot;
}

export interface Check {
  name: string;
  fn: (ctx: CheckContext) => string | undefined | Promise<string | undefined>;
}

const SERVICE = 'com.docker.compose.service';
const ONEOFF = 'com.docker.compose.oneoff';
const NUMBER = 'com.docker.compose.container-number';

/** The long-lived containers of a service (not one-off runs, not hook steps). */
export const containersOf = (snap: Snapshot, service: string): ContainerState[] =>
  snap
    .filter(
      (c) =>
        c.labels[SERVICE] === service &&
        c.labels[ONEOFF] !== 'True' &&
        c.labels['com.docker.compose.hook'] === undefined,
    )
    .sort((a, b) => a.name.localeCompare(b.name));

const output = (ctx: CheckContext): string => ctx.result.stdout + ctx.result.stderr;

export function exitCode(code: number): Check {
  return {
    name: `command exits with code ${code}`,
    fn: (ctx) => (ctx.result.code === code ? undefined : `exit code is ${ctx.result.code}`),
  };
}

/** Any non-zero exit: where compose's code (1) and ours (2, invalid input) differ only in kind. */
export function fails(): Check {
  return { name: 'command fails', fn: (ctx) => (ctx.result.code !== 0 ? undefined : 'exit code is 0') };
}

export function outputContains(sub: string): Check {
  // `{project}`: the scenario's project name.
  return {
    name: `output contains ${JSON.stringify(sub)}`,
    fn: (ctx) => (output(ctx).includes(sub.replaceAll('{project}', ctx.project)) ? undefined : 'not found'),
  };
}

/** The output names the project as `ls --format json` does (`"Name":"PROJECT"`), or does not. */
export function listsProject(listed: boolean): Check {
  return {
    name: listed ? 'the project is listed' : 'the project is not listed',
    fn: (ctx) =>
      output(ctx).includes(`"Name":"${ctx.project}"`) === listed ? undefined : listed ? 'not listed' : 'listed',
  };
}

/** The output read as one JSON object per line (ps --format json) satisfies `expect`. */
export function jsonLines<T>(what: string, expect: (rows: T[]) => string | undefined): Check {
  return {
    name: `JSON lines: ${what}`,
    fn: (ctx) => {
      const lines = ctx.result.stdout.split('\n').filter((l) => l.trim() !== '');
      try {
        return expect(lines.map((l) => JSON.parse(l) as T));
      } catch (err) {
        return `not JSON lines (${(err as Error).message}): ${ctx.result.stdout.slice(0, 200)}`;
      }
    },
  };
}

export function outputMatches(pattern: RegExp): Check {
  return {
    name: `output matches ${String(pattern)}`,
    fn: (ctx) => (pattern.test(output(ctx)) ? undefined : 'no match'),
  };
}

export function outputNotContains(sub: string): Check {
  return {
    name: `output does not contain ${JSON.stringify(sub)}`,
    fn: (ctx) => (output(ctx).includes(sub) ? 'found' : undefined),
  };
}

export function stdoutContains(sub: string): Check {
  return {
    name: `stdout contains ${JSON.stringify(sub)}`,
    fn: (ctx) => (ctx.result.stdout.includes(sub) ? undefined : 'not found'),
  };
}

export function outputMatchesCount(pattern: RegExp, n: number): Check {
  return {
    name: `output matches ${String(pattern)} ${n} times`,
    fn: (ctx) => {
      const found = output(ctx)
        .split('\n')
        .filter((l) => pattern.test(l)).length;
      return found === n ? undefined : `matched ${found} times`;
    },
  };
}

/** Polls a state-based check (re-reading the engine every 500 ms) until it holds or `timeoutMs` passes. */
export function eventually(check: Check, timeoutMs: number): Check {
  return {
    name: `${check.name} within ${timeoutMs / 1000}s`,
    fn: async (ctx) => {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const problem = await check.fn(ctx);
        if (problem === undefined || Date.now() > until) return problem;
        await new Promise((r) => setTimeout(r, 500));
        ctx.refresh();
      }
    },
  };
}

/** Every long-lived container of the service is in this state (running, exited, paused, created…). */
export function serviceState(service: string, state: string): Check {
  return {
    name: `service "${service}" is ${state}`,
    fn: (ctx) => {
      const cs = containersOf(ctx.curr, service);
      if (cs.length === 0) return 'service has no container';
      const off = cs.find((c) => c.state !== state);
      return off ? `container ${off.name} is ${off.state}` : undefined;
    },
  };
}

/** Every container of the service exited with this code. */
export function serviceExitCode(service: string, code: number): Check {
  return {
    name: `service "${service}" exited with ${code}`,
    fn: (ctx) => {
      const cs = containersOf(ctx.curr, service);
      if (cs.length === 0) return 'service has no container';
      const off = cs.find((c) => c.state !== 'exited' || c.exitCode !== code);
      return off ? `container ${off.name} is ${off.state} (exit ${off.exitCode})` : undefined;
    },
  };
}

export function serviceHealthy(service: string): Check {
  return {
    name: `service "${service}" is healthy`,
    fn: (ctx) => {
      const cs = containersOf(ctx.curr, service);
      if (cs.length === 0) return 'service has no container';
      const off = cs.find((c) => c.health !== 'healthy');
      return off ? `container ${off.name} is ${off.health ?? 'without a health check'}` : undefined;
    },
  };
}

export function serviceScale(service: string, n: number): Check {
  return {
    name: `service "${service}" has ${n} containers`,
    fn: (ctx) => {
      const cs = containersOf(ctx.curr, service);
      return cs.length === n ? undefined : `found ${cs.length}: ${cs.map((c) => c.name).join(', ')}`;
    },
  };
}

/** The service's containers carry exactly these replica numbers (which replicas survive a scale). */
export function replicaNumbers(service: string, ...numbers: number[]): Check {
  return {
    name: `service "${service}" has replicas ${numbers.join(', ')}`,
    fn: (ctx) => {
      const actual = containersOf(ctx.curr, service)
        .map((c) => Number(c.labels[NUMBER]))
        .sort((a, b) => a - b);
      return actual.join(',') === [...numbers].sort((a, b) => a - b).join(',')
        ? undefined
        : `found replicas ${actual.join(', ') || 'none'}`;
    },
  };
}

/** The service has no container at all, one-offs included. */
export function serviceNotCreated(service: string): Check {
  return {
    name: `service "${service}" has no container`,
    fn: (ctx) => {
      const cs = ctx.curr.filter((c) => c.labels[SERVICE] === service);
      return cs.length === 0 ? undefined : `found ${cs.map((c) => c.name).join(', ')}`;
    },
  };
}

/** The services' containers are exactly those that were there before the step (same ids). */
export function notRecreated(...services: string[]): Check {
  return {
    name: `services ${services.join(', ')} not recreated`,
    fn: (ctx) => {
      for (const s of services) {
        const before = containersOf(ctx.prev, s).map((c) => c.id);
        const after = containersOf(ctx.curr, s).map((c) => c.id);
        if (before.length === 0) return `service "${s}" had no container before the step`;
        if (before.join() !== after.join())
          return `service "${s}" containers changed: ${short(before)} → ${short(after)}`;
      }
      return undefined;
    },
  };
}

/** None of the services' containers from before the step survived it. */
export function recreated(...services: string[]): Check {
  return {
    name: `services ${services.join(', ')} recreated`,
    fn: (ctx) => {
      for (const s of services) {
        const before = containersOf(ctx.prev, s).map((c) => c.id);
        if (before.length === 0) return `service "${s}" had no container before the step`;
        const kept = containersOf(ctx.curr, s).find((c) => before.includes(c.id));
        if (kept) return `service "${s}" kept container ${kept.id.slice(0, 12)}`;
      }
      return undefined;
    },
  };
}

/** The one-off (`run`) containers of the service are in this state. */
export function oneOffState(service: string, state: string): Check {
  return {
    name: `one-off containers of "${service}" are ${state}`,
    fn: (ctx) => {
      const cs = ctx.curr.filter((c) => c.labels[SERVICE] === service && c.labels[ONEOFF] === 'True');
      if (cs.length === 0) return 'no one-off container';
      const off = cs.find((c) => c.state !== state);
      return off ? `container ${off.name} is ${off.state}` : undefined;
    },
  };
}

const oneOffsOf = (snap: Snapshot, service: string): ContainerState[] =>
  snap
    .filter((c) => c.labels[SERVICE] === service && c.labels[ONEOFF] === 'True')
    .sort((a, b) => a.id.localeCompare(b.id));

/** The one-off containers of the service are those of before the step, in the same state, not restarted. */
export function oneOffsUntouched(service: string): Check {
  return {
    name: `one-offs of service "${service}" untouched`,
    fn: (ctx) => {
      const before = oneOffsOf(ctx.prev, service);
      const after = oneOffsOf(ctx.curr, service);
      if (before.length === 0) return 'service had no one-off container before the step';
      if (before.map((c) => c.id).join() !== after.map((c) => c.id).join())
        return `one-off containers changed: ${short(before.map((c) => c.id))} → ${short(after.map((c) => c.id))}`;
      const touched = before.find((b, i) => after[i]?.state !== b.state || after[i]?.startedAt !== b.startedAt);
      return touched ? `container ${touched.name} was touched` : undefined;
    },
  };
}

/** The one-off containers the service had before the step are gone. */
export function oneOffsRemoved(service: string): Check {
  return {
    name: `one-offs of service "${service}" removed`,
    fn: (ctx) => {
      if (oneOffsOf(ctx.prev, service).length === 0) return 'service had no one-off container before the step';
      const left = oneOffsOf(ctx.curr, service);
      return left.length === 0 ? undefined : `still present: ${left.map((c) => c.name).join(', ')}`;
    },
  };
}

/** The container has this variable set to this value. */
export function envSet(service: string, name: string, value: string): Check {
  return {
    name: `service "${service}" has ${name}=${value}`,
    fn: (ctx) => {
      const [c] = containersOf(ctx.curr, service);
      if (!c) return 'service has no container';
      const found = c.env.find((e) => e.startsWith(`${name}=`));
      return found === `${name}=${value}` ? undefined : (found ?? `${name} is not set`);
    },
  };
}

export function labelSet(service: string, key: string, value?: string): Check {
  return {
    name: `service "${service}" has label ${key}${value === undefined ? '' : `=${value}`}`,
    fn: (ctx) => {
      const [c] = containersOf(ctx.curr, service);
      if (!c) return 'service has no container';
      const v = c.labels[key];
      if (v === undefined) return 'not set';
      return value === undefined || v === value ? undefined : `it is ${v}`;
    },
  };
}

/** A file in the project's folder (written by a container through a bind mount, or by cp). */
export function fileContains(path: string, sub: string): Check {
  return {
    name: `${path} contains ${JSON.stringify(sub)}`,
    fn: (ctx) => {
      const full = join(ctx.dir, path);
      if (!existsSync(full)) return 'no such file';
      return readFileSync(full, 'utf8').includes(sub) ? undefined : 'not found in it';
    },
  };
}

const short = (ids: string[]): string => `[${ids.map((i) => i.slice(0, 12)).join(' ')}]`;
