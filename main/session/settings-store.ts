import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { appDataDir } from '../orchestrator/history/run-history';
import { DEFAULT_CONCURRENCY } from '../orchestrator/runtime/engine-pacing';

/** A stack opened before: where, its project name, when (for the list of recent stacks). */
export interface RecentStack {
  path: string;
  name: string;
  openedAt: number;
}

export interface WindowBounds {
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized: boolean;
}

/** What the app remembers between runs. Every field may be missing from an older or hand-edited file. */
export interface Settings {
  recent: RecentStack[];
  /** What quitting does while a stack runs; unset: ask. */
  onQuit?: 'stop' | 'leave';
  window?: WindowBounds;
  theme?: 'system' | 'light' | 'dark';
  /** Run a service's own health check as soon as it starts, not at Docker's first interval. */
  fastReadiness?: boolean;
  /** How many engine operations (pulls, builds, creates, starts) run at once. */
  concurrency?: number;
  /** Restart services that turn unhealthy after ready (the stack default of x-stackpilot.restart_on_unhealthy). */
  restartOnUnhealthy?: boolean;
  /** Desktop notifications when a service fails or recovers (the window's toasts stay). */
  notifications?: boolean;
  /** The engine (docker context) picked for a stack, by the stack's path; absent: docker's current one. */
  engines?: Record<string, string>;
}

export const CONCURRENCY_RANGE = { min: 1, max: 32, default: DEFAULT_CONCURRENCY } as const;

const MAX_RECENT = 10;

/** Where browser mode and the CLI keep settings: $STACKPILOT_CONFIG_DIR, else the XDG config folder. */
export function defaultSettingsFile(env: Readonly<Record<string, string | undefined>>, homeDir: string): string {
  return join(appDataDir(env, homeDir), 'settings.json');
}

function sanitize(raw: unknown): Settings {
  const out: Settings = { recent: [] };
  if (typeof raw !== 'object' || raw === null) return out;
  const r = raw as Record<string, unknown>;
  if (Array.isArray(r.recent)) {
    out.recent = r.recent
      .filter(
        (e): e is RecentStack =>
          typeof e === 'object' &&
          e !== null &&
          typeof (e as RecentStack).path === 'string' &&
          typeof (e as RecentStack).name === 'string' &&
          typeof (e as RecentStack).openedAt === 'number',
      )
      .slice(0, MAX_RECENT);
  }
  if (r.onQuit === 'stop' || r.onQuit === 'leave') out.onQuit = r.onQuit;
  if (r.theme === 'system' || r.theme === 'light' || r.theme === 'dark') out.theme = r.theme;
  if (typeof r.fastReadiness === 'boolean') out.fastReadiness = r.fastReadiness;
  if (typeof r.notifications === 'boolean') out.notifications = r.notifications;
  if (typeof r.restartOnUnhealthy === 'boolean') out.restartOnUnhealthy = r.restartOnUnhealthy;
  if (
    typeof r.concurrency === 'number' &&
    Number.isInteger(r.concurrency) &&
    r.concurrency >= CONCURRENCY_RANGE.min &&
    r.concurrency <= CONCURRENCY_RANGE.max
  )
    out.concurrency = r.concurrency;
  if (typeof r.engines === 'object' && r.engines !== null) {
    const engines = Object.entries(r.engines as Record<string, unknown>).filter(
      (e): e is [string, string] => typeof e[1] === 'string' && e[1] !== '',
    );
    if (engines.length > 0) out.engines = Object.fromEntries(engines);
  }
  const w = r.window as Record<string, unknown> | undefined;
  if (w && typeof w.width === 'number' && typeof w.height === 'number') {
    out.window = {
      width: w.width,
      height: w.height,
      maximized: w.maximized === true,
      ...(typeof w.x === 'number' && typeof w.y === 'number' ? { x: w.x, y: w.y } : {}),
    };
  }
  return out;
}

/**
 * A small JSON file, read once and written whole on each change (write to a temporary file, then
 * rename, so a crash never leaves half a file). A missing or broken file means defaults, never a crash.
 */
export class SettingsStore {
  private current: Settings;

  constructor(private readonly file: string | undefined) {
    this.current = { recent: [] };
    if (!file) return;
    try {
      this.current = sanitize(JSON.parse(readFileSync(file, 'utf8')));
    } catch {
      // First run, or a file someone broke by hand: start from defaults; the next write repairs it.
    }
  }

  get(): Readonly<Settings> {
    return this.current;
  }

  update(change: Partial<Settings>): void {
    this.current = { ...this.current, ...change };
    // undefined means "back to the default": the key goes, not a null in the file.
    for (const k of Object.keys(this.current) as (keyof Settings)[])
      if (this.current[k] === undefined) delete this.current[k];
    if (!this.file) return;
    try {
      mkdirSync(dirname(this.file), { recursive: true });
      const tmp = `${this.file}.${process.pid}.tmp`;
      writeFileSync(tmp, `${JSON.stringify(this.current, null, 2)}\n`, { mode: 0o600 });
      renameSync(tmp, this.file);
    } catch {
      // A read-only home must not stop the app: settings then last for this run only.
    }
  }

  /** Remembers the engine picked for a stack (none: docker's current one again). */
  setEngine(path: string, context: string | undefined): void {
    const { [path]: _previous, ...others } = this.current.engines ?? {};
    this.update({ engines: context === undefined ? others : { ...others, [path]: context } });
  }

  /** Puts a stack first in the recent list (once, by path). */
  addRecent(path: string, name: string, at: number): void {
    const recent = [{ path, name, openedAt: at }, ...this.current.recent.filter((r) => r.path !== path)].slice(
      0,
      MAX_RECENT,
    );
    this.update({ recent });
  }
}
