/** A row of toggle buttons of which one is pressed (view modes, grouping). */
export function Segmented<T extends string>({
  label,
  options,
  value,
  onChange,
  text,
  title,
}: {
  label: string;
  options: readonly T[];
  value: T;
  onChange: (v: T) => void;
  text?: (v: T) => string;
  title?: (v: T) => string;
}) {
  return (
    <div
      role="group"
      aria-label={label}
      className="flex overflow-hidden rounded-md border border-zinc-300 text-xs dark:border-zinc-700"
    >
      {options.map((o) => (
        <button
          key={o}
          type="button"
          aria-pressed={value === o}
          title={title?.(o)}
          onClick={() => onChange(o)}
          className={`px-3 py-1 ${value === o ? 'bg-zinc-900 text-white dark:bg-zinc-100 dark:text-zinc-900' : 'bg-white dark:bg-zinc-900'}`}
        >
          {text ? text(o) : o}
        </button>
      ))}
    </div>
  );
}
