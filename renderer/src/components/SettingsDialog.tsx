import { useState } from 'react';
import { Dialog } from '../ui/Dialog';
import type { ReactNode } from 'react';
import type { SettingsView } from '../../../preload/contract';
import { request } from '../bridge';
import { useAppStore } from '../store';
import { describeFailure } from '../transport';

function Row({ label, hint, children }: { label: string; hint?: string; children: ReactNode }) {
  return (
    <div className="grid grid-cols-[10rem_1fr] items-start gap-3 py-2">
      <span className="pt-0.5 text-sm font-medium">{label}</span>
      <div className="flex flex-col gap-1 text-sm">
        {children}
        {hint && <span className="text-xs text-zinc-500">{hint}</span>}
      </div>
    </div>
  );
}

/** Settings, saved as they change: theme, fast readiness, engine concurrency, notifications, what Quit does. */
export function SettingsDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const settings = useAppStore((s) => s.settings);
  const desktop = useAppStore((s) => s.appMode === 'electron');
  const [error, setError] = useState<string | null>(null);
  // Shown at once (a control must not snap back while main saves it); main's answer then stands.
  const change = (c: Partial<SettingsView>): void => {
    if (!settings) return;
    setError(null);
    const before = settings;
    useAppStore.getState().applySettings({ ...settings, ...c });
    request('settings:set', c).then(
      (v) => useAppStore.getState().applySettings(v),
      (err: unknown) => {
        useAppStore.getState().applySettings(before);
        setError(describeFailure(err));
      },
    );
  };
  const radio = 'mr-3 inline-flex items-center gap-1';
  return (
    <Dialog open={open} onClose={onClose} title="Settings" closeLabel="Done">
      {!settings ? (
        <p className="mt-2 text-sm text-zinc-500">Reading the settings…</p>
      ) : (
        <div className="mt-2 divide-y divide-zinc-200 dark:divide-zinc-800">
          <Row label="Theme">
            <div role="radiogroup" aria-label="theme">
              {(['system', 'light', 'dark'] as const).map((t) => (
                <label key={t} className={radio}>
                  <input
                    type="radio"
                    name="theme"
                    checked={settings.theme === t}
                    onChange={() => change({ theme: t })}
                  />
                  {t === 'system' ? 'as the system' : t}
                </label>
              ))}
            </div>
          </Row>
          <Row
            label="Fast readiness"
            hint="Runs a service's own health check as soon as it starts, instead of waiting for Docker's first interval. Applies from the next load of a stack."
          >
            <label className="inline-flex items-center gap-2">
              <input
                type="checkbox"
                checked={settings.fastReadiness}
                onChange={(e) => change({ fastReadiness: e.target.checked })}
              />
              on
            </label>
          </Row>
          <Row
            label="Restart when unhealthy"
            hint="Restarts a service whose health check fails after it was ready, with the backoff and crash-loop circuit of a crash (Docker and compose only report it). A service's x-stackpilot.restart_on_unhealthy overrides this. Applies from the next load of a stack."
          >
            <label className="inline-flex items-center gap-2">
              <input
                type="checkbox"
                aria-label="restart when unhealthy"
                checked={settings.restartOnUnhealthy}
                onChange={(e) => change({ restartOnUnhealthy: e.target.checked })}
              />
              on
            </label>
          </Row>
          <Row
            label="Engine concurrency"
            hint="The most pulls, builds, creates and starts run at once (1–32); fewer while the engine answers slowly. Applies from the next load of a stack."
          >
            <input
              type="number"
              min={1}
              max={32}
              aria-label="engine concurrency"
              defaultValue={settings.concurrency}
              key={settings.concurrency}
              onBlur={(e) => {
                const n = Number(e.target.value);
                if (Number.isInteger(n) && n >= 1 && n <= 32 && n !== settings.concurrency) change({ concurrency: n });
                else e.target.value = String(settings.concurrency);
              }}
              className="w-20 rounded border border-zinc-300 bg-transparent px-2 py-0.5 dark:border-zinc-700"
            />
          </Row>
          <Row
            label="Notifications"
            hint={
              desktop
                ? 'Desktop notifications when a service fails or recovers while you are elsewhere.'
                : 'Desktop notifications are the desktop app’s; in the browser the page shows its own.'
            }
          >
            <label className="inline-flex items-center gap-2">
              <input
                type="checkbox"
                checked={settings.notifications}
                onChange={(e) => change({ notifications: e.target.checked })}
              />
              on
            </label>
          </Row>
          <Row label="When quitting" hint="What quitting the desktop app does while a stack runs.">
            <select
              aria-label="when quitting"
              value={settings.onQuit}
              onChange={(e) => change({ onQuit: e.target.value as SettingsView['onQuit'] })}
              className="w-56 rounded border border-zinc-300 bg-white px-1 py-0.5 dark:border-zinc-700 dark:bg-zinc-950"
            >
              <option value="ask">ask each time</option>
              <option value="stop">stop the stack</option>
              <option value="leave">leave it running</option>
            </select>
          </Row>
        </div>
      )}
      {error && (
        <p role="alert" className="mt-2 text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      )}
    </Dialog>
  );
}
