import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../test/support/fake-clock';
import { FakeDriver } from '../../../test/support/fake-driver';
import { load, removeStacks, writeStack } from '../../../test/support/stack-dir';
import { imagesToRemove, removeImages } from './image-prune';
import { Orchestrator } from './orchestrator';

afterEach(removeStacks);

describe('down --rmi', () => {
  it('picks the images as compose does, and keeps one a container still uses, saying so', async () => {
    const stack = load(
      writeStack({
        'compose.yaml':
          'name: t\nservices:\n  api: { build: . }\n  db: { image: "postgres" }\n  cache: { image: "redis:7" }\n',
      }),
    ).stack;
    if (!stack) throw new Error('the stack did not load');
    const clock = new FakeClock();
    const driver = new FakeDriver(clock, { images: ['t-api', 'postgres', 'redis:7'] });
    expect(await imagesToRemove(driver, stack, 'local')).toEqual(['t-api:latest']);
    expect(await imagesToRemove(driver, stack, 'all')).toEqual(['postgres:latest', 'redis:7', 't-api:latest']);
    // A container of the stack on redis: the image is kept.
    await clock.run(new Orchestrator(stack, { driver, clock }).up(['cache']));
    expect(await removeImages(driver, ['postgres:latest', 'redis:7'])).toEqual({
      removed: ['postgres:latest'],
      inUse: ['redis:7'],
    });
  });
});
