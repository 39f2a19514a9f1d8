import { useId } from 'react';
import type { ReactNode } from 'react';
import { useModalDialog } from './use-modal';
import { Button } from './Button';

/**
 * The one modal dialog of the window: a title, an optional line under it, the body, and a row of
 * actions ending with the button that closes it (focused first). Escape closes it too, and focus
 * goes back where it was.
 */
export function Dialog({
  open,
  onClose,
  title,
  subtitle,
  width = 'w-[36rem]',
  actions,
  closeLabel = 'Close',
  children,
}: {
  open: boolean;
  onClose: () => void;
  title: string;
  subtitle?: ReactNode;
  /** A Tailwind width class. */
  width?: string;
  /** Buttons before the closing one; each gets `close` to shut the dialog after acting. */
  actions?: (close: () => void) => ReactNode;
  closeLabel?: string;
  children: ReactNode;
}) {
  const dialog = useModalDialog(open);
  const id = useId();
  const close = (): void => dialog.current?.close();
  return (
    <dialog
      ref={dialog}
      onClose={onClose}
      aria-labelledby={id}
      className={`m-auto max-h-[85vh] ${width} flex-col open:flex rounded-lg border border-zinc-200 bg-white p-5 text-sm text-zinc-900 shadow-xl backdrop:bg-black/40 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100`}
    >
      <h2 id={id} className="text-base font-semibold">
        {title}
      </h2>
      {subtitle && <div className="mt-1 text-xs text-zinc-500">{subtitle}</div>}
      <div className="mt-2 min-h-0 flex-1 overflow-auto">{children}</div>
      <div className="mt-4 flex justify-end gap-2">
        {actions?.(close)}
        <Button variant="dark" size="md" autoFocus onClick={close}>
          {closeLabel}
        </Button>
      </div>
    </dialog>
  );
}
