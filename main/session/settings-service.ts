import { CONCURRENCY_RANGE, SettingsStore } from './settings-store';

/** The settings a person edits, every default filled in. */
export interface ResolvedSettings {
  theme: 'system' | 'light' | 'dark';
  fastReadiness: boolean;
  concurrency: number;
  restartOnUnhealthy: boolean;
  notifications: boolean;
  /** What quitting the desktop app does while a stack runs. */
  onQuit: 'ask' | 'stop' | 'leave';
}

/** What the Settings give the orchestrator of each stack loaded. */
export interface RunnerOptions {
  fastReadiness: boolean;
  concurrency: number;
  restartOnUnhealthy: boolean;
}

/** The settings as a person edits them: defaults filled in, a change saved and told to every face. */
export class SettingsService {
  constructor(
    readonly store: SettingsStore,
    private readonly changed: (settings: ResolvedSettings) => void,
  ) {}

  get(): ResolvedSettings {
    const s = this.store.get();
    return {
      theme: s.theme ?? 'system',
      fastReadiness: s.fastReadiness ?? true,
      concurrency: s.concurrency ?? CONCURRENCY_RANGE.default,
      restartOnUnhealthy: s.restartOnUnhealthy ?? false,
      notifications: s.notifications ?? true,
      onQuit: s.onQuit ?? 'ask',
    };
  }

  set(change: Partial<ResolvedSettings>): ResolvedSettings {
    const { onQuit, ...rest } = change;
    this.store.update({ ...rest, ...(onQuit !== undefined ? { onQuit: onQuit === 'ask' ? undefined : onQuit } : {}) });
    const settings = this.get();
    this.changed(settings);
    return settings;
  }

  /** What an orchestrator runs with: read at each stack load. */
  runnerOptions(): RunnerOptions {
    const v = this.get();
    return { fastReadiness: v.fastReadiness, concurrency: v.concurrency, restartOnUnhealthy: v.restartOnUnhealthy };
  }

  static inMemory(changed: (settings: ResolvedSettings) => void = () => undefined): SettingsService {
    return new SettingsService(new SettingsStore(undefined), changed);
  }
}
