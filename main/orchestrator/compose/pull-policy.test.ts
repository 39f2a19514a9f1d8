import { afterEach, describe, expect, it } from 'vitest';
import { load, removeStacks, writeStack } from '../../../test/support/stack-dir';
import { refreshInterval } from './service-modes';

afterEach(removeStacks);

const one = (yaml: string) => load(writeStack({ 'compose.yaml': `name: t\nservices:\n  api:\n    image: x\n${yaml}` }));

describe('pull_policy on a schedule', () => {
  it('reads daily, weekly, every_<duration> and refresh with pull_refresh_after as intervals', () => {
    const interval = (yaml: string) => {
      const { stack, errors } = one(yaml);
      expect(errors).toEqual([]);
      return refreshInterval(stack!.services.api!);
    };
    expect(interval('    pull_policy: daily\n')).toBe(86_400_000);
    expect(interval('    pull_policy: weekly\n')).toBe(7 * 86_400_000);
    expect(interval('    pull_policy: every_12h\n')).toBe(12 * 3_600_000);
    expect(interval('    pull_policy: refresh\n    pull_refresh_after: 90m\n')).toBe(90 * 60_000);
    expect(interval('    pull_policy: missing\n')).toBeUndefined();
  });

  it('refuses an interval it cannot read, and refresh without pull_refresh_after (or the other way round)', () => {
    expect(one('    pull_policy: every_fortnight\n').errors.map((e) => e.message)).toEqual([
      'unknown pull_policy "every_fortnight"',
    ]);
    expect(one('    pull_policy: refresh\n').errors.map((e) => e.message)).toEqual([
      'service "api" has pull_policy: refresh but no pull_refresh_after',
    ]);
    expect(one('    pull_refresh_after: 1h\n').errors.map((e) => e.message)).toEqual([
      'service "api" has pull_refresh_after without pull_policy: refresh',
    ]);
  });
});
