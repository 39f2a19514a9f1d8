import { useRef, useState } from 'react';
import { openStack } from '../bridge';
import { useAppStore } from '../store';
import { Button } from '../ui/Button';

/** Open a compose file or folder by path (or a recent one). Ctrl/Cmd+O focuses it from anywhere (App). */
export function OpenStackForm() {
  const [path, setPath] = useState('');
  const opening = useAppStore((s) => s.opening);
  const recent = useAppStore((s) => s.recent);
  const input = useRef<HTMLInputElement>(null);
  return (
    <form
      className="flex gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        if (path.trim()) void openStack(path.trim());
      }}
    >
      <label className="sr-only" htmlFor="open-path">
        Compose file or folder
      </label>
      <input
        id="open-path"
        ref={input}
        value={path}
        onChange={(e) => setPath(e.target.value)}
        list="recent-stacks"
        placeholder="Open a compose file or folder…  (Ctrl+O)"
        className="min-w-0 flex-1 rounded-md border border-zinc-300 bg-white px-3 py-1.5 text-sm dark:border-zinc-700 dark:bg-zinc-950"
      />
      <datalist id="recent-stacks">
        {recent.map((r) => (
          <option key={r.path} value={r.path} label={r.name} />
        ))}
      </datalist>
      <Button type="submit" variant="primary" size="md" disabled={opening || !path.trim()}>
        {opening ? 'Opening…' : 'Open'}
      </Button>
    </form>
  );
}
