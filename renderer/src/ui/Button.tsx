import type { ButtonHTMLAttributes } from 'react';

/**
 * What a button is for, in one look: go (starts something), primary (the main act of a form), plain,
 * dark (closes a dialog), danger (loses data), warn (a step that asks for care).
 */
export type ButtonVariant = 'go' | 'primary' | 'plain' | 'dark' | 'danger' | 'warn';
export type ButtonSize = '2xs' | 'xs' | 'sm' | 'md';

const VARIANT: Record<ButtonVariant, string> = {
  go: 'bg-emerald-600 font-medium text-white hover:bg-emerald-500',
  primary: 'bg-indigo-600 font-medium text-white hover:bg-indigo-500',
  plain: 'border border-zinc-300 hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800',
  dark: 'bg-zinc-900 text-white dark:bg-zinc-100 dark:text-zinc-900',
  danger:
    'border border-red-300 font-medium text-red-700 hover:bg-red-50 dark:border-red-800 dark:text-red-300 dark:hover:bg-red-950',
  warn: 'bg-amber-600 font-medium text-white hover:bg-amber-500',
};

const SIZE: Record<ButtonSize, string> = {
  '2xs': 'px-1.5 py-0 text-[11px]',
  xs: 'px-2 py-0.5 text-xs',
  sm: 'px-3 py-1 text-sm',
  md: 'px-3 py-1.5 text-sm',
};

/** The one button of the window: a variant and a size, `type="button"` unless told otherwise. */
export function Button({
  variant = 'plain',
  size = 'sm',
  className = '',
  type = 'button',
  ...props
}: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: ButtonVariant; size?: ButtonSize }) {
  return (
    <button
      type={type}
      {...props}
      className={`rounded-md disabled:opacity-50 ${VARIANT[variant]} ${SIZE[size]} ${className}`.trim()}
    />
  );
}
