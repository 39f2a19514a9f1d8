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

export interface QuitDeps {
  isRunning(): boolean;
  remembered(): QuitChoice | undefined;
  /** Asks the user (a dialog); `remember` is the dialog's checkbox. */
  ask(): Promise<{ choice: QuitChoice | 'cancel'; remember: boolean }>;
  remember(choice: QuitChoice): void;
  stopAll(): Promise<void>;
  /** Releases the engine connection (the last thing before the process ends). */
  close(): void;
  quit(): void;
}

/**
 * The `before-quit` handler: quits at once when nothing runs or the choice is "leave"; otherwise holds
 * the quit, asks (or uses the remembered "stop"), stops the stack, then quits for real. The second
 * `before-quit` (from that quit) passes straight through.
 */
export function createQuitHandler(deps: QuitDeps): (event: { preventDefault(): void }) => void {
  let quitting = false;
  return (event) => {
    if (quitting) return;
    const action = quitAction(deps.isRunning(), deps.remembered());
    if (action === 'quit') {
      quitting = true;
      deps.close();
      return;
    }
    event.preventDefault();
    const decided: Promise<QuitChoice | 'cancel'> =
      action === 'ask'
        ? deps.ask().then(({ choice, remember }) => {
            if (remember && choice !== 'cancel') deps.remember(choice);
            return choice;
          })
        : Promise.resolve('stop');
    void decided.then(async (choice) => {
      if (choice === 'cancel') return;
      quitting = true;
      if (choice === 'stop') await deps.stopAll().catch(() => undefined);
      deps.close();
      deps.quit();
    });
  };
}
