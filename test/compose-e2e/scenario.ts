import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, inject, it } from 'vitest';
import type { Check, CheckContext, ContainerState, Snapshot } from './checks';
import { run } from '../differential/run-tool';

/**
 * Scenarios ported from docker/compose's end-to-end suite (pkg/e2e, Apache-2.0), in the shape its
 * scenarios take: an intent ("X must Y"), a project folder in testdata/<Name>/ that runs as it
 * is with either tool, and steps of (command → observables). The observables are the engine's
 * (docker inspect), never our own view of it, so the same scenario proves the same thing of
 * Stackpilot and of docker compose itself.
 */

const root = new URL('../..', import.meta.url).pathname;
const cli = join(root, 'out', 'main', 'cli.js');

export type ToolName = 'stackpilot' | 'compose';

/** `{project}` in a step's arguments is the scenario's project name (as compose's s.Project()). */
const PROJECT = /\{project\}/g;

/** What a step runs: the tool under test, or (interop) a named one. */
export interface Action {
  args: string[];
  tool?: ToolName | 'docker';
  mayFail: boolean;
  env: Record<string, string>;
  /** Says what the command line is, for the transcript. */
  label: string;
  /** What docker compose is given instead, where the same intent is written otherwise there. */
  referenceArgs?: string[];
  /** A folder of the project to run it from, instead of the project's own. */
  subdir?: string;
}

interface StepResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The tool under test with these arguments (project options first, as both take them). */
export function composeCmd(...args: string[]): Action {
  return { args, mayFail: false, env: {}, label: args.join(' ') };
}

/** The same command, whose failure is what the step observes (with exitCode / outputContains). */
export const mayFail = (action: Action): Action => ({ ...action, mayFail: true });

/**
 * The same step written as compose writes it, where the two differ on purpose (compose's plain up
 * stays attached; Stackpilot's waits until ready and returns, so its attached up says so).
 */
export const onReference = (action: Action, ...args: string[]): Action => ({ ...action, referenceArgs: args });

/** The same command run from a folder of the project (a compose file found upwards from there). */
export const inDir = (action: Action, subdir: string): Action => ({ ...action, subdir });

/** The same command with more variables in its environment. */
export const withEnv = (action: Action, env: Record<string, string>): Action => ({
  ...action,
  env: { ...action.env, ...env },
});

/** The docker CLI itself, to observe what no check names (`{project}` is the project's name). */
export function dockerCmd(...args: string[]): Action {
  return { args, tool: 'docker', mayFail: false, env: {}, label: `docker ${args.join(' ')}` };
}

/** A command of a named tool, whichever is under test (for scenarios where the two take turns). */
export function toolCmd(tool: ToolName, ...args: string[]): Action {
  return { args, tool, mayFail: false, env: {}, label: `${tool}: ${args.join(' ')}` };
}

interface Step {
  name: string;
  action: Action;
  checks: Check[];
}

export interface ScenarioOptions {
  /**
   * Where docker compose 2.26 (the reference here) does not behave as the compose release the
   * scenario comes from, the reason; the scenario then runs on Stackpilot only.
   */
  notOnReference?: string;
  /** Both tools in turn, in one run (interop): the steps name their tool. */
  interop?: boolean;
  env?: Record<string, string>;
}

class Scenario {
  private readonly steps: Step[] = [];

  constructor(
    private readonly name: string,
    private readonly intent: string,
    private readonly opts: ScenarioOptions,
  ) {}

  step(name: string, action: Action, ...checks: Check[]): this {
    this.steps.push({ name, action, checks });
    return this;
  }

  /** Registers the scenario with vitest: once per tool (or once, for interop). */
  define(): void {
    const engine = inject('engine');
    const reference = inject('composeBinary');
    const tools: ToolName[] = this.opts.interop
      ? ['stackpilot']
      : this.opts.notOnReference || !reference
        ? ['stackpilot']
        : ['stackpilot', 'compose'];
    describe.skipIf(!engine.available || (this.opts.interop && !reference))(`${this.name}: ${this.intent}`, () => {
      for (const tool of tools)
        it(
          this.opts.interop
            ? 'docker compose and Stackpilot in turn'
            : `on ${tool === 'compose' ? 'docker compose' : 'Stackpilot'}`,
          () => this.run(tool, reference),
        );
    });
  }

  private async run(tool: ToolName, reference: string | undefined): Promise<void> {
    const project = `e2e-${this.name.replace(/^Test/, '').replace(/[A-Z]/g, (c, i: number) => (i > 0 ? '-' : '') + c.toLowerCase())}-${tool === 'compose' ? 'dc' : 'sp'}`;
    const dir = mkdtempSync(join(tmpdir(), `${project}-`));
    const data = join(root, 'test', 'compose-e2e', 'testdata', this.name);
    if (existsSync(data)) cpSync(data, dir, { recursive: true });
    const transcript: string[] = [];
    removeProject(project);
    try {
      let prev = snapshot(project);
      for (const step of this.steps) {
        const who = step.action.tool ?? tool;
        const written = who === 'compose' && step.action.referenceArgs ? step.action.referenceArgs : step.action.args;
        const action = { ...step.action, args: written.map((a) => a.replace(PROJECT, project)) };
        const result = await runTool(who, reference, action, step.action.subdir ? join(dir, step.action.subdir) : dir, {
          COMPOSE_PROJECT_NAME: project,
          ...this.opts.env,
          ...withProject(step.action.env, project),
        });
        transcript.push(
          `▸ ${step.name}\n  $ ${who === 'compose' ? 'docker compose' : who} ${action.args.join(' ')} → exit ${result.code}\n${indent(result.stdout, 'out')}${indent(result.stderr, 'err')}`,
        );
        if (!step.action.mayFail && result.code !== 0)
          throw new ScenarioFailure(this.name, transcript, `the command failed (exit ${result.code})`);
        const ctx: CheckContext = {
          result,
          prev,
          curr: snapshot(project),
          dir,
          project,
          refresh: () => (ctx.curr = snapshot(project)),
        };
        for (const check of step.checks) {
          const problem = await check.fn(ctx);
          if (problem !== undefined) throw new ScenarioFailure(this.name, transcript, `${check.name}: ${problem}`);
          transcript.push(`  ✓ ${check.name}`);
        }
        prev = ctx.curr;
      }
    } finally {
      removeProject(project);
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

/** `{project}` in variables' values too (an external volume named after the project). */
const withProject = (env: Record<string, string>, project: string): Record<string, string> =>
  Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v.replace(PROJECT, project)]));

/** Starts a scenario: `scenario('TestPause', 'pause must …').step(…).define()`. */
export function scenario(name: string, intent: string, opts: ScenarioOptions = {}): Scenario {
  return new Scenario(name, intent, opts);
}

class ScenarioFailure extends Error {
  constructor(name: string, transcript: string[], what: string) {
    super(`${name}: ${what}\n\n${transcript.join('\n')}`);
  }
}

const indent = (text: string, tag: string): string =>
  text.trim() === ''
    ? ''
    : `${text
        .trimEnd()
        .split('\n')
        .slice(-30)
        .map((l) => `    ${tag}│ ${l}`)
        .join('\n')}\n`;

/** Runs one tool with a small, equal environment: what the project sees is its folder and these variables. */
function runTool(
  tool: ToolName | 'docker',
  reference: string | undefined,
  action: Action,
  cwd: string,
  env: Record<string, string>,
): Promise<StepResult> {
  if (tool === 'compose' && !reference) throw new Error('docker compose v2 is not here');
  const [cmd, args] =
    tool === 'compose'
      ? [reference ?? '', action.args]
      : tool === 'docker'
        ? ['docker', action.args]
        : [process.execPath, [cli, ...action.args]];
  const base: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: join(tmpdir(), 'stackpilot-compose-e2e-home'),
  };
  for (const k of ['DOCKER_HOST', 'STACKPILOT_CONFIG_DIR']) if (process.env[k]) base[k] = process.env[k];
  return run(cmd, args, cwd, { ...base, ...env });
}

const docker = (...args: string[]): string =>
  execFileSync('docker', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();

/** Every container of the project, as the engine has it. */
function snapshot(project: string): Snapshot {
  const ids = docker('ps', '-aq', '--no-trunc', '--filter', `label=com.docker.compose.project=${project}`)
    .split('\n')
    .filter(Boolean);
  if (ids.length === 0) return [];
  interface Inspected {
    Id: string;
    Name: string;
    State: { Status: string; Health?: { Status: string }; ExitCode: number; StartedAt: string };
    Config: { Labels: Record<string, string> | null; Env: string[] | null; Image: string };
    Image: string;
  }
  // A container removed between the list and the inspect is simply gone.
  const out =
    execFileSync('docker', ['inspect', ...ids], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() ||
    '[]';
  return (JSON.parse(out) as Inspected[]).map((c): ContainerState => ({
    id: c.Id,
    name: c.Name.replace(/^\//, ''),
    state: c.State.Status,
    exitCode: c.State.ExitCode,
    startedAt: c.State.StartedAt,
    ...(c.State.Health ? { health: c.State.Health.Status } : {}),
    labels: c.Config.Labels ?? {},
    env: c.Config.Env ?? [],
    image: c.Config.Image,
    imageId: c.Image,
  }));
}

/** Removes what the project left on the engine (containers, networks, volumes), whichever tool made it. */
function removeProject(project: string): void {
  const filter = `label=com.docker.compose.project=${project}`;
  const ids = docker('ps', '-aq', '--filter', filter).split('\n').filter(Boolean);
  if (ids.length > 0) docker('rm', '-f', '-v', ...ids);
  const networks = docker('network', 'ls', '-q', '--filter', filter).split('\n').filter(Boolean);
  if (networks.length > 0) docker('network', 'rm', ...networks);
  const volumes = docker('volume', 'ls', '-q', '--filter', filter).split('\n').filter(Boolean);
  if (volumes.length > 0) docker('volume', 'rm', '-f', ...volumes);
  // Images the project built: labelled by compose, named PROJECT-SERVICE by both.
  const images = [
    ...docker('images', '-q', '--filter', filter).split('\n'),
    ...docker('images', '-q', '--filter', `reference=${project}-*`).split('\n'),
  ].filter(Boolean);
  if (images.length > 0) execFileSync('docker', ['rmi', '-f', ...new Set(images)], { stdio: 'ignore' });
}
