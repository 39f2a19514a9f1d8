import type { AppCommand } from '../../preload/contract';

/** The window's keys, the same as the desktop menu's accelerators (main/app/app-menu.ts). */
export const SHORTCUTS: { keys: string; label: string; command: AppCommand; match: (e: KeyboardEvent) => boolean }[] = [
  {
    keys: 'Ctrl+O',
    label: 'Open a compose file or folder',
    command: 'open',
    match: (e) => mod(e) && !e.shiftKey && key(e) === 'o',
  },
  {
    keys: 'Ctrl+Shift+U',
    label: 'Up: start the stack',
    command: 'up',
    match: (e) => mod(e) && e.shiftKey && key(e) === 'u',
  },
  {
    keys: 'Ctrl+Shift+D',
    label: 'Down: stop and remove the stack',
    command: 'down',
    match: (e) => mod(e) && e.shiftKey && key(e) === 'd',
  },
  {
    keys: 'Ctrl+F',
    label: 'Find in logs (Enter / Shift+Enter: next / previous)',
    command: 'focus-search',
    match: (e) => mod(e) && !e.shiftKey && key(e) === 'f',
  },
  {
    keys: 'Ctrl+L',
    label: 'Show or fold the logs dock',
    command: 'toggle-logs',
    match: (e) => mod(e) && !e.shiftKey && key(e) === 'l',
  },
  {
    keys: '/',
    label: 'Filter the services (↑/↓ walk the table, Enter opens one, Esc closes it)',
    command: 'focus-filter',
    match: (e) => e.key === '/' && !mod(e) && !isTyping(e),
  },
  {
    keys: 'Ctrl+G',
    label: 'Switch between the service list and the dependency graph',
    command: 'toggle-graph',
    match: (e) => mod(e) && !e.shiftKey && key(e) === 'g',
  },
  {
    keys: 'F1 or ?',
    label: 'Show these shortcuts',
    command: 'show-help',
    match: (e) => e.key === 'F1' || (e.key === '?' && !isTyping(e)),
  },
];

function mod(e: KeyboardEvent): boolean {
  return e.ctrlKey || e.metaKey;
}

function key(e: KeyboardEvent): string {
  return e.key.toLowerCase();
}

function isTyping(e: KeyboardEvent): boolean {
  const t = e.target as HTMLElement | null;
  return t !== null && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.isContentEditable);
}

export function commandFor(e: KeyboardEvent): AppCommand | undefined {
  return SHORTCUTS.find((s) => s.match(e))?.command;
}
