import { CONCURRENCY_RANGE, SettingsStore } from './settings-store';

/** The settings a person edits, every default filled in. */
export interface ResolvedSettings {
  theme: 'system' | 'light' | 'dark';
  fastReadiness: boolean;
  concurrency: number;
  notifications: boolean;
  /** What quitting the desktop app does while a stack runs. */
  onQuit: 'ask' | 'stop' | 'leave';
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
  runnerOptions(): { fastReadiness: boolean; concurrency: number } {
    const v = this.get();
    return { fastReadiness: v.fastReadiness, concurrency: v.concurrency };
  }

  static inMemory(changed: (settings: ResolvedSettings) => void = () => undefined): SettingsService {
    return new SettingsService(new SettingsStore(undefined), changed);
  }
}
