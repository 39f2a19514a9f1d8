import type { EngineChoiceView, EngineChoicesView } from '../../preload/contract';
import { UnknownEngine } from '../session/errors';
import type { SettingsStore } from '../session/settings-store';
import type { StackRuntime } from './stack-runtime';

/** docker's current engine (DOCKER_HOST, DOCKER_CONTEXT or config.json's currentContext): a stack's unless one was picked for it. */
function currentName(choices: EngineChoiceView[]): string {
  return choices.find((c) => c.current)?.name ?? 'default';
}

/** The engines, and the one this stack runs on. */
export function engineChoicesView(choices: EngineChoiceView[], runtime: StackRuntime): EngineChoicesView {
  return { choices, chosen: runtime.engineContext ?? currentName(choices) };
}

/** The engine remembered for the stack at `path`, if it is still one to pick (a context since removed is forgotten). */
export function rememberedEngine(choices: EngineChoiceView[], settings: SettingsStore | undefined, path: string): string | undefined {
  const name = settings?.get().engines?.[path];
  return name !== undefined && choices.some((c) => c.name === name) ? name : undefined;
}

/** Runs the stack at `path` on the engine named, and remembers that for it. */
export async function useEngine(choices: EngineChoiceView[], settings: SettingsStore | undefined, path: string | undefined, runtime: StackRuntime, name: string): Promise<EngineChoicesView> {
  if (!choices.some((c) => c.name === name)) throw new UnknownEngine(`no engine named "${name}" (there are ${choices.map((c) => c.name).join(', ')})`);
  // docker's current engine is not remembered as a choice: the stack follows docker's when it changes.
  const picked = name === currentName(choices) ? undefined : name;
  if (path) settings?.setEngine(path, picked);
  await runtime.useEngine(picked);
  return engineChoicesView(choices, runtime);
}
