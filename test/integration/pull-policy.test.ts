import { afterEach, describe, expect, inject, it } from 'vitest';
import { EngineStack, TEST_IMAGE } from '../support/engine-stack';

/**
 * pull_policy on the real engine, where no registry is reachable: a pull that is due is tried (and
 * fails, saying so); one that is not due is not tried, and the local image runs.
 */
const engine = inject('engine');
let current: EngineStack | undefined;
afterEach(async () => {
  const s = current;
  current = undefined;
  if (s) await s.cleanup();
});

const service = (policy: string) => `services:
  api:
    image: ${TEST_IMAGE}
    init: true
    command: ["sleep", "3600"]
    ${policy}
`;

describe.skipIf(!engine.available)(`pull_policy on the real engine (${engine.reason})`, () => {
  it('a schedule not yet due runs the local image without a pull', async () => {
    const s = (current = await EngineStack.create(service('pull_policy: every_100000h')));
    expect((await s.runner.up()).problems).toEqual([]);
  });

  it('a pull that is due (the image is older than pull_refresh_after) is tried, and its failure fails the start', async () => {
    const s = (current = await EngineStack.create(service('pull_policy: refresh\n    pull_refresh_after: 1ms')));
    const result = await s.runner.up();
    expect(result.ok).toBe(false);
    expect(s.runner.get('api')?.why).toMatchObject({ code: 'error', errorCode: 'image-missing' });
  });

  it('never refuses to pull a missing image; always pulls even a present one', async () => {
    const never = (current = await EngineStack.create(
      service('pull_policy: never').replace(TEST_IMAGE, 'stackpilot-test/absent:1'),
    ));
    expect((await never.runner.up()).ok).toBe(false);
    expect(JSON.stringify(never.runner.get('api')?.why)).toContain('pull_policy: never');
    await never.cleanup();
    const always = (current = await EngineStack.create(service('pull_policy: always')));
    expect((await always.runner.up()).ok).toBe(false);
    expect(always.runner.get('api')?.why).toMatchObject({ errorCode: 'image-missing' });
  });
});
