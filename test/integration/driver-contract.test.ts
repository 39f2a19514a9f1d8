import { inject } from 'vitest';
import { describe } from 'vitest';
import { DockerEngine } from '../../main/docker/engine-client';
import { TEST_IMAGE } from '../setup/images';
import { driverContract } from '../support/driver-contract';

const engine = inject('engine');

// The same contract as the FakeDriver's (test/unit/driver-contract.test.ts), on the real engine.
describe.skipIf(!engine.available)(`on ${engine.reason}`, () => {
  driverContract('the Docker engine', async () => ({
    driver: await DockerEngine.connect(process.env, '/root'),
    image: TEST_IMAGE,
    behave: () => undefined,
    until: async (check, what) => {
      for (const t0 = Date.now(); !(await check()); await new Promise((r) => setTimeout(r, 100))) {
        if (Date.now() - t0 > 30_000) throw new Error(`${what}: not within 30 s`);
      }
    },
  }));
});
