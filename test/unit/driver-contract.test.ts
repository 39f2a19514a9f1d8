import { FakeClock } from '../support/fake-clock';
import { FakeDriver } from '../support/fake-driver';
import { driverContract } from '../support/driver-contract';

// The fake every runner test trusts, held to the same contract as the real engine
// (test/integration/driver-contract.test.ts).
driverContract('FakeDriver', () => {
  const clock = new FakeClock();
  const driver = new FakeDriver(clock, { images: ['stackpilot-test/busybox:1'] });
  return {
    driver,
    image: 'stackpilot-test/busybox:1',
    behave: (service, behaviour) => void (driver.behaviours[service] = behaviour),
    until: async (check, what) => {
      for (let t = 0; !(await check()); t += 100) {
        if (t > 60_000) throw new Error(`${what}: not within 60 s of fake time`);
        await clock.advance(100);
      }
    },
  };
});
