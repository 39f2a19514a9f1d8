export type QuitChoice = 'stop' | 'leave';

/**
 * What quitting does: nothing to ask when nothing runs; the remembered choice when there is one;
 * else ask (and the answer may be remembered).
 */
export function quitAction(running: boolean, remembered: QuitChoice | undefined): 'quit' | 'stop-then-quit' | 'ask' {
  if (!running) return 'quit';
  if (remembered === 'stop') return 'stop-then-quit';
  if (remembered === 'leave') return 'quit';
  return 'ask';
}

/** The dialog's buttons, in order, and what each means. */
export const QUIT_BUTTONS: { label: string; choice: QuitChoice | 'cancel' }[] = [
  { label: 'Stop the stack and quit', choice: 'stop' },
  { label: 'Leave it running and quit', choice: 'leave' },
  { label: 'Cancel', choice: 'cancel' },
];
