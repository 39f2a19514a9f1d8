import type { SettingsView, EmitEvent } from '../../preload/contract';
import { CONCURRENCY_RANGE, SettingsStore } from '../session/settings-store';

/** The settings as the window edits them: defaults filled in, a change saved and told to every side. */
export class SettingsService {
  constructor(
    readonly store: SettingsStore,
    private readonly emit: EmitEvent,
  ) {}

  view(): SettingsView {
    const s = this.store.get();
    return {
      theme: s.theme ?? 'system',
      fastReadiness: s.fastReadiness ?? true,
      concurrency: s.concurrency ?? CONCURRENCY_RANGE.default,
      notifications: s.notifications ?? true,
      onQuit: s.onQuit ?? 'ask',
    };
  }

  set(change: Partial<SettingsView>): SettingsView {
    const { onQuit, ...rest } = change;
    this.store.update({ ...rest, ...(onQuit !== undefined ? { onQuit: onQuit === 'ask' ? undefined : onQuit } : {}) });
    const view = this.view();
    this.emit('settings:changed', view);
    return view;
  }

  /** What the runtime runs with: read at each stack load. */
  runnerOptions(): { fastReadiness: boolean; concurrency: number } {
    const v = this.view();
    return { fastReadiness: v.fastReadiness, concurrency: v.concurrency };
  }

  static inMemory(emit: EmitEvent): SettingsService {
    return new SettingsService(new SettingsStore(undefined), emit);
  }
}
