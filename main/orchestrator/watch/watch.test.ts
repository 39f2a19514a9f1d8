import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { load, removeStacks, writeStack } from '../../../test/support/stack-dir';
import { FakeClock, flush } from '../../../test/support/fake-clock';
import type { Stack } from '../compose/model';
import { syncArchive } from './sync-archive';
import { TreeWatcher } from './tree-watcher';
import { WatchRefused, compileRules, mappingOf, planBatch } from './watch-rules';
import { WatchSession } from './watch-session';
import type { WatchEvent, WatchPort } from './watch-session';

afterEach(removeStacks);

const stackOf = (files: Record<string, string>): { dir: string; stack: Stack } => {
  const dir = writeStack(files);
  const { stack, errors } = load(dir);
  expect(errors).toEqual([]);
  return { dir, stack: stack! };
};

const readText = (f: string): string | undefined => {
  try {
    return readFileSync(f, 'utf8');
  } catch {
    return undefined;
  }
};

const WEB = `services:
  web:
    build: .
    develop:
      watch:
        - action: sync
          path: ./src
          target: /app
          ignore: [node_modules/, "*.log"]
        - action: rebuild
          path: package.json
        - action: sync+restart
          path: ./conf/app.conf
          target: /etc/app.conf
        - action: sync+exec
          path: ./hot
          target: /srv/hot
          exec: { command: reload }
  db:
    image: db
`;

describe('watch rules', () => {
  it('maps a changed file below a rule into its target, and leaves out .git, editors’ files, ignore and .dockerignore', () => {
    const { dir, stack } = stackOf({ 'compose.yaml': WEB, '.dockerignore': 'src/secret*\n' });
    const rules = compileRules(stack, [], readText);
    const sync = rules[0]!;
    expect(mappingOf(sync, join(dir, 'src/a/b.js'))).toEqual({
      hostPath: join(dir, 'src/a/b.js'),
      containerPath: '/app/a/b.js',
    });
    for (const left of [
      'src/.git/HEAD',
      'src/x.js~',
      'src/.x.js.swp',
      'src/4913',
      'src/node_modules/p/i.js',
      'src/debug.log',
      'src/secret.txt',
      'other/a.js',
    ])
      expect(mappingOf(sync, join(dir, left)), left).toBeUndefined();
    // As in .dockerignore, a pattern without a slash is for the top level only.
    expect(mappingOf(sync, join(dir, 'src/a/debug.log'))?.containerPath).toBe('/app/a/debug.log');
    // A rule on one file maps that file onto its target.
    expect(mappingOf(rules[2]!, join(dir, 'conf/app.conf'))).toEqual({
      hostPath: join(dir, 'conf/app.conf'),
      containerPath: '/etc/app.conf',
    });
  });

  it('include keeps only what matches it', () => {
    const { dir, stack } = stackOf({
      'compose.yaml':
        'services:\n  w:\n    image: x\n    develop:\n      watch:\n        - { action: sync, path: ., target: /app, include: ["*.py", "lib/**"] }\n',
    });
    const [rule] = compileRules(stack, [], readText);
    expect(mappingOf(rule!, join(dir, 'main.py'))?.containerPath).toBe('/app/main.py');
    expect(mappingOf(rule!, join(dir, 'lib/deep/x.txt'))?.containerPath).toBe('/app/lib/deep/x.txt');
    expect(mappingOf(rule!, join(dir, 'README.md'))).toBeUndefined();
  });

  it('plans one batch: each service’s rebuild, syncs, restart and exec once', () => {
    const { dir, stack } = stackOf({ 'compose.yaml': WEB });
    const plan = planBatch(
      compileRules(stack, [], readText),
      ['src/a.js', 'src/b.js', 'package.json', 'conf/app.conf', 'hot/x', 'hot/y', 'unrelated'].map((p) => join(dir, p)),
    );
    expect(plan.rebuild).toEqual(['web']);
    expect(plan.restart).toEqual(['web']);
    expect(plan.sync.get('web')?.map((m) => m.containerPath)).toEqual([
      '/app/a.js',
      '/app/b.js',
      '/etc/app.conf',
      '/srv/hot/x',
      '/srv/hot/y',
    ]);
    expect(plan.exec.get('web')).toEqual([{ command: ['reload'], environment: [] }]);
  });

  it('refuses what compose refuses when a watch starts: a rebuild with no build, a sync with no target, no rules at all', () => {
    const rebuild = stackOf({
      'compose.yaml':
        'services:\n  w:\n    image: x\n    develop:\n      watch:\n        - { action: rebuild, path: . }\n',
    }).stack;
    expect(() => compileRules(rebuild, [], readText)).toThrow(
      /services\.w\.develop\.watch\[0\]: w cannot be rebuilt: it has no build section/,
    );
    const target = stackOf({
      'compose.yaml':
        'services:\n  w:\n    image: x\n    develop:\n      watch:\n        - { action: sync, path: . }\n',
    }).stack;
    expect(() => compileRules(target, [], readText)).toThrow(/the sync action needs a target/);
    const none = stackOf({ 'compose.yaml': WEB }).stack;
    expect(() => compileRules(none, ['db'], readText)).toThrow(WatchRefused);
    expect(() => compileRules(none, ['nope'], readText)).toThrow(/no service "nope"/);
  });
});

describe('sync archive', () => {
  it('holds changed files with their modes and times, a folder with what is below it, and says what was removed', () => {
    const root = mkdtempSync(join(tmpdir(), 'sp-sync-'));
    try {
      mkdirSync(join(root, 'dir/sub'), { recursive: true });
      writeFileSync(join(root, 'run.sh'), '#!/bin/sh\necho hi\n', { mode: 0o755 });
      utimesSync(join(root, 'run.sh'), 1_700_000_000, 1_700_000_000);
      writeFileSync(join(root, 'dir/sub/a.txt'), 'a');
      writeFileSync(join(root, 'dir/skip.log'), 'x');
      symlinkSync('sub/a.txt', join(root, 'dir/link'));
      const { archive, files, deletes } = syncArchive(
        [
          { hostPath: join(root, 'run.sh'), containerPath: '/app/run.sh' },
          { hostPath: join(root, 'dir'), containerPath: '/app/dir' },
          { hostPath: join(root, 'gone.txt'), containerPath: '/app/gone.txt' },
        ],
        (p) => p.endsWith('.log'),
      );
      expect(files).toBe(3);
      expect(deletes).toEqual(['/app/gone.txt']);
      const listing = execFileSync('tar', ['-tv', '--numeric-owner', '--full-time'], {
        input: archive,
        encoding: 'utf8',
      });
      expect(listing).toMatch(/^-rwxr-xr-x .* 2023-11-14 \S+ app\/run\.sh$/m);
      expect(listing).toMatch(/app\/dir\/sub\/a\.txt$/m);
      expect(listing).toMatch(/app\/dir\/link -> sub\/a\.txt$/m);
      expect(listing).not.toContain('skip.log');
      const out = mkdtempSync(join(tmpdir(), 'sp-untar-'));
      execFileSync('tar', ['-x', '-C', out, '--no-same-owner'], { input: archive });
      expect(readFileSync(join(out, 'app/dir/sub/a.txt'), 'utf8')).toBe('a');
      rmSync(out, { recursive: true, force: true });
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

/** A port that records what the session asked for, and fails what it is told to. */
function recordingPort(fail: { run?: number } = {}): WatchPort & { calls: string[]; stdin: Buffer[] } {
  const calls: string[] = [];
  const stdin: Buffer[] = [];
  return {
    calls,
    stdin,
    containers: (s) => Promise.resolve(s === 'web' ? [{ id: 'c1', name: 'p-web-1' }] : []),
    run: (id, command, input) => {
      calls.push(`run ${id} ${command.join(' ')}`);
      if (input) stdin.push(input);
      return Promise.resolve({ exitCode: fail.run ?? 0, output: fail.run ? 'tar: not found\n' : '' });
    },
    rebuild: (s) => (calls.push(`rebuild ${s.join(',')}`), Promise.resolve(undefined)),
    restart: (s) => (calls.push(`restart ${s.join(',')}`), Promise.resolve(undefined)),
  };
}

describe('a watch session', () => {
  it('syncs what initial_sync asks at once, then turns each batch into compose’s actions in compose’s order', async () => {
    const { dir, stack } = stackOf({
      'compose.yaml': WEB.replace(
        'ignore: [node_modules/, "*.log"]',
        'ignore: [node_modules/, "*.log"]\n          initial_sync: true',
      ),
      'src/index.js': 'one',
      'src/node_modules/m.js': 'skip',
      'package.json': '{}',
      'conf/app.conf': 'x=1',
      'hot/h': 'h',
    });
    const port = recordingPort();
    const events: WatchEvent[] = [];
    let batch: ((paths: string[]) => void) | undefined;
    const watched: string[] = [];
    const session = new WatchSession(
      compileRules(stack, [], readText),
      port,
      (e) => events.push(e),
      new FakeClock(),
      (paths, onBatch) => {
        watched.push(...paths);
        batch = onBatch;
        return { close: () => undefined, unwatched: [] };
      },
    );
    await session.start();
    expect(port.calls).toEqual(['run c1 tar -x -f - -C /']);
    expect(execFileSync('tar', ['-t'], { input: port.stdin[0], encoding: 'utf8' })).toBe('app/index.js\n');
    expect(watched.sort()).toEqual(
      [join(dir, 'conf/app.conf'), join(dir, 'hot'), join(dir, 'package.json'), join(dir, 'src')].sort(),
    );
    port.calls.length = 0;
    rmSync(join(dir, 'src/index.js'));
    batch!([join(dir, 'src/index.js'), join(dir, 'package.json'), join(dir, 'conf/app.conf'), join(dir, 'hot/h')]);
    await flush();
    await session.settled();
    expect(port.calls).toEqual([
      'rebuild web',
      'run c1 rm -rf -- /app/index.js',
      'run c1 tar -x -f - -C /',
      'restart web',
      'run c1 reload',
    ]);
    expect(events.map((e) => e.text)).toEqual([
      'initial sync: 1 file copied (1 change)',
      'rebuilding after a change',
      'rebuilt and recreated',
      'sync: 2 files copied, 1 removed (3 changes)',
      'restarted after a change',
      'ran `reload` after the sync',
    ]);
    session.stop();
  });

  it('says a failed step and goes on watching: a sync whose tar is not in the image', async () => {
    const { dir, stack } = stackOf({ 'compose.yaml': WEB, 'src/a.js': 'a' });
    const events: WatchEvent[] = [];
    let batch: ((paths: string[]) => void) | undefined;
    const session = new WatchSession(
      compileRules(stack, ['web'], readText),
      recordingPort({ run: 127 }),
      (e) => events.push(e),
      new FakeClock(),
      (_p, onBatch) => {
        batch = onBatch;
        return { close: () => undefined, unwatched: [] };
      },
    );
    await session.start();
    batch!([join(dir, 'src/a.js')]);
    await flush();
    await session.settled();
    expect(events).toEqual([
      {
        service: 'web',
        text: 'sync failed: `tar -x -f` exited with code 127 in p-web-1 (the image needs tar for a watch to sync): tar: not found',
        failed: true,
      },
    ]);
    batch!([join(dir, 'src/a.js')]);
    await flush();
    await session.settled();
    expect(events).toHaveLength(2);
  });
});

describe('the tree watcher', () => {
  it('tells, in one batch after the quiet period, the files changed below a folder and a file not there yet', async () => {
    const root = mkdtempSync(join(tmpdir(), 'sp-tree-'));
    const clock = new FakeClock();
    const batches: string[][] = [];
    mkdirSync(join(root, 'src/deep'), { recursive: true });
    const w = new TreeWatcher([join(root, 'src'), join(root, 'later/conf.ini')], clock, (b) => batches.push(b.sort()));
    try {
      writeFileSync(join(root, 'src/deep/a.txt'), 'a');
      writeFileSync(join(root, 'unwatched.txt'), 'x');
      mkdirSync(join(root, 'later'));
      writeFileSync(join(root, 'later/conf.ini'), 'c');
      // The kernel's events arrive on their own time: waited for, then the quiet period passes.
      const end = Date.now() + 10_000;
      const seen = (): boolean => {
        const pending = (w as unknown as { pending: Set<string> }).pending;
        return pending.has(join(root, 'src/deep/a.txt')) && pending.has(join(root, 'later/conf.ini'));
      };
      while (!seen() && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
      expect(batches).toEqual([]);
      await clock.advance(500);
      expect(batches).toHaveLength(1);
      expect(batches[0]).toContain(join(root, 'src/deep/a.txt'));
      expect(batches[0]).toContain(join(root, 'later/conf.ini'));
      expect(batches[0]).not.toContain(join(root, 'unwatched.txt'));
    } finally {
      w.close();
      rmSync(root, { recursive: true, force: true });
    }
  });
});
