import { inject } from 'vitest';
import { describe } from 'vitest';
import { DockerEngine } from '../../main/docker/engine-client';
import { TEST_IMAGE } from '../setup/images';
import { driverContract } from '../support/driver-contract';
import { testEngines } from '../support/test-engines';
import { waitUntil } from '../support/wait-until';

// The same contract as the FakeDriver's (test/unit/driver-contract.test.ts), on each real engine.
for (const engine of testEngines(inject('engine'), inject('engines'))) {
  describe.skipIf(!engine.available)(`on ${engine.name}: ${engine.reason}`, () => {
    driverContract(engine.name, async () => ({
      driver: await DockerEngine.connect({ ...process.env, ...engine.env }, '/root'),
      image: TEST_IMAGE,
      behave: () => undefined,
      until: async (check, what) => {
        await waitUntil(what, check, (ok) => ok, { describe: () => 'not yet' });
      },
    }));
  });
}
