import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tarOf } from './tar';

describe('the tar archive of files for a container', () => {
  it('is read by GNU tar: folders, contents, modes, owners, a long path', () => {
    const long = `/opt/${'deep/'.repeat(25)}file.txt`;
    const archive = tarOf([
      { path: '/run/secrets/api.key', content: 'k-123', mode: 0o400, uid: 1000, gid: 1001 },
      { path: '/etc/app.conf', content: 'a=1\n'.repeat(300), mode: 0o644, uid: 0, gid: 0 },
      { path: long, content: 'deep', mode: 0o444, uid: 0, gid: 0 },
    ]);
    expect(archive.length % 512).toBe(0);
    const listing = execFileSync('tar', ['-tv', '--numeric-owner'], { input: archive, encoding: 'utf8' });
    expect(listing).toMatch(/^-r-------- 1000\/1001\s+5 .* run\/secrets\/api\.key$/m);
    expect(listing).toMatch(/^drwxr-xr-x 0\/0\s+0 .* run\/secrets\/$/m);
    const dir = mkdtempSync(join(tmpdir(), 'sp-tar-'));
    try {
      execFileSync('tar', ['-x', '-C', dir, '--no-same-owner'], { input: archive });
      expect(readFileSync(join(dir, 'run/secrets/api.key'), 'utf8')).toBe('k-123');
      expect(statSync(join(dir, 'run/secrets/api.key')).mode & 0o777).toBe(0o400);
      expect(readFileSync(join(dir, 'etc/app.conf'), 'utf8')).toBe('a=1\n'.repeat(300));
      expect(readFileSync(join(dir, long), 'utf8')).toBe('deep');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
