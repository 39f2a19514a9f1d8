import { inject } from 'vitest';
import { describe } from 'vitest';
import { DockerEngine } from '../../main/docker/engine-client';
import { TEST_IMAGE } from '../setup/images';
import { driverContract } from '../support/driver-contract';
import { testEngines } from '../support/test-engines';

// The same contract as the FakeDriver's (test/unit/driver-contract.test.ts), on each real engine.
for (const engine of testEngines(inject('engine'), inject('engines'))) {
  describe.skipIf(!engine.available)(`on ${engine.name}: ${engine.reason}`, () => {
    driverContract(engine.name, async () => ({
      driver: await DockerEngine.connect({ ...process.env, ...engine.env }, '/root'),
      image: TEST_IMAGE,
      behave: () => undefined,
      until: async (check, what) => {
        for (const t0 = Date.now(); !(await check()); await new Promise((r) => setTimeout(r, 100))) {
          if (Date.now() - t0 > 30_000) throw new Error(`${what}: not within 30 s`);
        }
      },
    }));
  });
}
