import { create } from 'zustand';
import { describe, expect, it } from 'vitest';
import type { LogLineView, ServiceStateView, StackLoadView } from '../../../preload/contract';
import { createRuntimeSlice } from './runtime-slice';
import type { RuntimeSlice } from './runtime-slice';
import { createStackSlice } from './stack-slice';
import type { StackSlice } from './stack-slice';
import { createUiSlice } from './ui-slice';
import type { UiSlice } from './ui-slice';

/** A fresh store per test, built from the same slices as the app's. */
const store = () =>
  create<StackSlice & UiSlice & RuntimeSlice>()((...a) => ({
    ...createStackSlice(...a),
    ...createUiSlice(...a),
    ...createRuntimeSlice(...a),
  }));

const state = (name: string, status: ServiceStateView['status']): ServiceStateView => ({
  name,
  status,
  reason: status,
  since: 0,
  containerName: `t-${name}-1`,
  outdated: false,
  lastLines: [],
  restarts: 0,
  timeline: [],
  replicaCount: 1,
  why: { code: 'running' },
});
const line = (seq: number, service = 'api'): LogLineView => ({
  seq,
  service,
  stream: 'stdout',
  timestamp: '2026-12-01T10:00:00Z',
  text: `line ${seq}`,
});

describe('the store slices', () => {
  it('runtime: a service change replaces only that service; a snapshot replaces all, with the overall state', () => {
    const s = store();
    s.getState().applySnapshot(
      { state: 'connected', since: 1, engine: 'Docker 20.10' },
      [state('db', 'ready'), state('api', 'starting')],
      { state: 'starting', words: 'starting', running: true },
    );
    const db = s.getState().services.db;
    s.getState().applyServiceState(state('api', 'ready'));
    expect(s.getState().services.api?.status).toBe('ready');
    // The untouched service is the same object: a row that selects it does not re-render.
    expect(s.getState().services.db).toBe(db);
    expect(s.getState().overall).toEqual({ state: 'starting', words: 'starting', running: true });
    s.getState().applyOverall({ state: 'ready', words: 'all ready', running: true });
    expect(s.getState().overall.state).toBe('ready');
  });

  it('runtime: several changes apply in one update, the untouched services keeping their objects', () => {
    const s = store();
    s.getState().applySnapshot(
      { state: 'connected', since: 1 },
      [state('db', 'ready'), state('api', 'starting'), state('web', 'waiting')],
      { state: 'starting', words: 'starting', running: true },
    );
    const db = s.getState().services.db;
    let updates = 0;
    const off = s.subscribe(() => updates++);
    s.getState().applyServiceStates([state('api', 'ready'), state('web', 'starting')]);
    off();
    expect(updates).toBe(1);
    expect([s.getState().services.api?.status, s.getState().services.web?.status]).toEqual(['ready', 'starting']);
    expect(s.getState().services.db).toBe(db);
  });

  it('runtime: log lines append once each, in order; a reset starts over', () => {
    const s = store();
    s.getState().appendLogs([line(1), line(2)]);
    const v = s.getState().logVersion;
    s.getState().appendLogs([line(2), line(3)]);
    expect(s.getState().logs.lines.map((l) => l.seq)).toEqual([1, 2, 3]);
    expect(s.getState().logVersion).toBeGreaterThan(v);
    const unchanged = s.getState().logVersion;
    s.getState().appendLogs([line(1)]);
    expect(s.getState().logVersion).toBe(unchanged);
    s.getState().resetLogs([line(7)]);
    expect(s.getState().logs.lines.map((l) => l.seq)).toEqual([7]);
  });

  it('runtime: choosing whose logs to show', () => {
    const s = store();
    s.getState().toggleLogService('api');
    s.getState().toggleLogService('db');
    expect(s.getState().logServices).toEqual(['api', 'db']);
    s.getState().toggleLogService('api');
    expect(s.getState().logServices).toEqual(['db']);
    s.getState().showLogsOf('web');
    expect(s.getState().logServices).toEqual(['web']);
    s.getState().showLogsOf(null);
    expect(s.getState().logServices).toEqual([]);
  });

  it('runtime: busy flags per action key', () => {
    const s = store();
    s.getState().setBusy('stack:up', true);
    s.getState().setBusy('service:restart:api', true);
    s.getState().setBusy('stack:up', false);
    expect(s.getState().busy).toEqual({ 'stack:up': false, 'service:restart:api': true });
  });

  it('stack: a load is applied once (answer and event alike), a late older one is not, and a view clears the load error', () => {
    const s = store();
    const view = (revision: number, source: string): StackLoadView => ({
      status: 'invalid',
      revision,
      source,
      errors: [],
      warnings: [],
      needs: [],
      projectDir: '/p',
    });
    const first = view(1, '/a');
    s.getState().setLoadError('broken');
    s.getState().applyStack(first);
    expect(s.getState().loadError).toBeNull();
    s.getState().applyStack(view(1, '/a'));
    expect(s.getState().stack).toBe(first);
    const second = view(2, '/b');
    s.getState().applyStack(second);
    expect(s.getState().stack).toBe(second);
    s.getState().applyStack(first);
    expect(s.getState().stack).toBe(second);
    s.getState().setLoadError('lost');
    s.getState().applyStack(view(2, '/b'));
    expect(s.getState().loadError).toBeNull();
  });

  it('ui: notices keep the newest four, each with its own id, and can be dismissed', () => {
    const s = store();
    for (let i = 1; i <= 6; i++) s.getState().pushNotice({ level: 'info', title: `n${i}`, body: '' });
    expect(s.getState().notices.map((n) => n.title)).toEqual(['n3', 'n4', 'n5', 'n6']);
    const ids = s.getState().notices.map((n) => n.id);
    expect(new Set(ids).size).toBe(4);
    s.getState().dismissNotice(ids[0] ?? -1);
    expect(s.getState().notices.map((n) => n.title)).toEqual(['n4', 'n5', 'n6']);
  });

  it('ui: a command asked twice is two requests (the sequence number moves)', () => {
    const s = store();
    s.getState().requestCommand('up');
    const first = s.getState().command;
    s.getState().requestCommand('up');
    expect(s.getState().command).toEqual({ name: 'up', seq: (first?.seq ?? 0) + 1 });
  });
});
