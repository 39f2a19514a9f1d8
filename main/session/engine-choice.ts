import { UnknownEngine } from './errors';
import type { SettingsStore } from './settings-store';
import type { StackSession } from './stack-session';

/** An engine one can pick: "default" (DOCKER_HOST or the socket found) or a docker context. */
export interface EngineChoice {
  name: string;
  /** unix://…, tcp://…, ssh://… */
  host: string;
  description?: string;
  /** docker's current context (DOCKER_CONTEXT, config.json), which a stack uses unless told otherwise. */
  current: boolean;
}

/** The engines one can pick, and the one a stack runs on. */
export interface EngineChoices {
  choices: EngineChoice[];
  chosen: string;
}

/** docker's current engine (DOCKER_HOST, DOCKER_CONTEXT or config.json's currentContext): a stack's unless one was picked for it. */
function currentName(choices: EngineChoice[]): string {
  return choices.find((c) => c.current)?.name ?? 'default';
}

/** The engines, and the one this stack runs on. */
export function engineChoicesOf(choices: EngineChoice[], session: StackSession): EngineChoices {
  return { choices, chosen: session.engineContext ?? currentName(choices) };
}

/** The engine remembered for the stack at `path`, if it is still one to pick (a context since removed is forgotten). */
export function rememberedEngine(
  choices: EngineChoice[],
  settings: SettingsStore | undefined,
  path: string,
): string | undefined {
  const name = settings?.get().engines?.[path];
  return name !== undefined && choices.some((c) => c.name === name) ? name : undefined;
}

/** Runs the stack at `path` on the engine named, and remembers that for it. */
export async function useEngine(
  choices: EngineChoice[],
  settings: SettingsStore | undefined,
  path: string | undefined,
  session: StackSession,
  name: string,
): Promise<EngineChoices> {
  if (!choices.some((c) => c.name === name))
    throw new UnknownEngine(`no engine named "${name}" (there are ${choices.map((c) => c.name).join(', ')})`);
  // docker's current engine is not remembered as a choice: the stack follows docker's when it changes.
  const picked = name === currentName(choices) ? undefined : name;
  if (path) settings?.setEngine(path, picked);
  await session.useEngine(picked);
  return engineChoicesOf(choices, session);
}
