import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { localProviderHost } from '../../main/orchestrator/runtime/provider-host';
import { EngineStack, TEST_IMAGE } from '../support/engine-stack';

/**
 * Provider services on the real engine, with a real provider program on PATH, as docker/compose's
 * end-to-end tests (pkg/e2e/providers_test.go) run its example provider: the dependent container
 * gets what the provider set, stop and down reach the program.
 */
const engine = inject('engine');
let current: EngineStack | undefined;
let bin = '';
afterEach(async () => {
  const s = current;
  current = undefined;
  await s?.cleanup();
});
beforeAll(() => {
  bin = mkdtempSync(join(tmpdir(), 'sp-provider-'));
  // The example provider's protocol, in sh: progress, a prefixed and a raw variable; stop and down leave a mark.
  writeFileSync(
    join(bin, 'example-provider'),
    `#!/bin/sh
for last; do :; done
# No metadata: every option goes to every command, and there is no stop to ask for.
[ "$2" = metadata ] && exit 1
case "$3" in
  up) echo '{ "type": "debug", "message": "Starting" }'
      echo '{ "type": "info", "message": "Processing ... 50%" }'
      echo "{ \\"type\\": \\"setenv\\", \\"message\\": \\"URL=https://magic.cloud/$last\\" }"
      echo '{ "type": "rawsetenv", "message": "CLOUD_REGION=us-east-1" }' ;;
  *) echo "$*" >> "${bin}/calls" ;;
esac
`,
  );
  chmodSync(join(bin, 'example-provider'), 0o755);
  return () => rmSync(bin, { recursive: true, force: true });
});

const docker = (...args: string[]): string => execFileSync('docker', args, { encoding: 'utf8' }).trim();

describe.skipIf(!engine.available)(`provider services on the real engine (${engine.reason})`, () => {
  it('a service that depends on two providers gets what each set; stop and down reach the program', async () => {
    const s = (current = await EngineStack.create(
      `services:
  test:
    image: ${TEST_IMAGE}
    command: ["sleep", "3600"]
    stop_signal: SIGKILL
    environment: { CLOUD_REGION: user-defined-region }
    depends_on: [provider1, provider2]
  provider1:
    provider:
      type: example-provider
      options: { name: provider1, type: test1, size: 1 }
  provider2:
    provider:
      type: example-provider
      options: { name: provider2, type: test2, size: 2 }
`,
      {
        providers: localProviderHost({ ...process.env, PATH: `${bin}:${process.env.PATH ?? ''}` }, '/nonexistent-home'),
      },
    ));
    const result = await s.runner.up();
    expect(result.problems).toEqual([]);
    // As compose warns: once the dependent's own value is overridden (by whichever provider came first).
    expect(result.warnings.length).toBeGreaterThan(0);
    for (const w of result.warnings)
      expect(w.message).toMatch(
        /^provider "provider[12]" overrides environment variable "CLOUD_REGION" in service "test"$/,
      );
    const env = JSON.parse(
      docker('inspect', '--format', '{{json .Config.Env}}', s.runner.get('test')?.containerName ?? ''),
    ) as string[];
    expect(env).toEqual(
      expect.arrayContaining([
        'PROVIDER1_URL=https://magic.cloud/provider1',
        'PROVIDER2_URL=https://magic.cloud/provider2',
        'CLOUD_REGION=us-east-1',
      ]),
    );
    expect(s.runner.get('provider1')).toMatchObject({
      status: 'ready',
      reason: 'created by example-provider; gives PROVIDER1_URL, CLOUD_REGION to its dependents',
    });
    // A second up in a new runner (as a second `stackpilot up`): the provider runs again and gives the same, so nothing is recreated.
    const created = s.count('test', 'create');
    s.reload({
      providers: localProviderHost({ ...process.env, PATH: `${bin}:${process.env.PATH ?? ''}` }, '/nonexistent-home'),
    });
    expect((await s.runner.up()).problems).toEqual([]);
    expect(s.count('test', 'create')).toBe(created);

    // Without metadata, the provider has no stop to be asked for; down asks it to release each.
    await s.runner.stop();
    expect(s.runner.get('test')?.status).toBe('stopped');
    await s.runner.down();
    expect(readFileSync(join(bin, 'calls'), 'utf8').split('\n').filter(Boolean).sort()).toEqual([
      `compose --project-name=${s.project} down --name=provider1 --type=test1 --size=1 provider1`,
      `compose --project-name=${s.project} down --name=provider2 --type=test2 --size=2 provider2`,
    ]);
  });
});
