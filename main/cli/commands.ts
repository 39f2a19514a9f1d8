import { CONTAINER_COMMANDS } from './commands-containers';
import { LIFECYCLE_COMMANDS } from './commands-lifecycle';
import type { Command } from './command-entry';

export type { Command } from './command-entry';

/** Every command: its help, and how it parses its arguments and runs. */
export const COMMANDS: Record<string, Command> = { ...LIFECYCLE_COMMANDS, ...CONTAINER_COMMANDS };
