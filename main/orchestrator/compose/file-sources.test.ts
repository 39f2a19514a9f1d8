import { afterEach, describe, expect, it } from 'vitest';
import { load, removeStacks, writeStack } from '../../../test/support/stack-dir';
import { containerSpec } from '../runtime/container-spec';
import { checkConfigToRun } from '../runtime/start-checks';

afterEach(removeStacks);

const COMPOSE = `services:
  api:
    image: x
    secrets:
      - db_password
      - { source: api_key, target: api.key, uid: "1000", gid: "1000", mode: 0400 }
      - { source: cert, target: /etc/tls/cert.pem, mode: 0440 }
    configs:
      - app_conf
      - { source: inline, target: /etc/app/inline.conf }
secrets:
  db_password: { file: ./secrets/db.txt }
  api_key: { environment: API_KEY }
  cert: { file: ./cert.pem }
configs:
  app_conf: { file: ./app.conf }
  inline: { content: "level=debug\\n" }
`;

describe('secrets and configs', () => {
  it('reads where each comes from and where it goes, as compose places them', () => {
    const dir = writeStack({
      'compose.yaml': COMPOSE,
      'secrets/db.txt': 'pw\n',
      'cert.pem': 'CERT\n',
      'app.conf': 'a=1\n',
    });
    const { stack, errors } = load(dir, { env: { API_KEY: 'k-123' } });
    expect(errors).toEqual([]);
    expect(stack?.secrets).toEqual({
      api_key: { name: `${stack?.name}_api_key`, environment: 'API_KEY', content: 'k-123' },
      cert: { name: `${stack?.name}_cert`, file: `${dir}/cert.pem` },
      db_password: { name: `${stack?.name}_db_password`, file: `${dir}/secrets/db.txt` },
    });
    expect(stack?.services.api?.secrets).toEqual([
      { source: 'db_password', target: '/run/secrets/db_password' },
      {
        source: 'api_key',
        target: '/run/secrets/api.key',
        writtenTarget: 'api.key',
        uid: 1000,
        gid: 1000,
        mode: 0o400,
      },
      // A file given a mode is copied in with it (a bind mount would keep the host file's own).
      { source: 'cert', target: '/etc/tls/cert.pem', mode: 0o440, content: 'CERT\n' },
    ]);
    expect(stack?.services.api?.configs).toEqual([
      { source: 'app_conf', target: '/app_conf', defaultTarget: true },
      { source: 'inline', target: '/etc/app/inline.conf' },
    ]);
    if (!stack?.services.api) return;
    const spec = containerSpec(stack, stack.services.api);
    expect(spec.mounts).toEqual([
      { type: 'bind', source: `${dir}/secrets/db.txt`, target: '/run/secrets/db_password', readOnly: true },
      { type: 'bind', source: `${dir}/app.conf`, target: '/app_conf', readOnly: true },
    ]);
    expect(spec.files).toEqual([
      { path: '/run/secrets/api.key', content: 'k-123', mode: 0o400, uid: 1000, gid: 1000 },
      { path: '/etc/tls/cert.pem', content: 'CERT\n', mode: 0o440, uid: 0, gid: 0 },
      { path: '/etc/app/inline.conf', content: 'level=debug\n', mode: 0o444, uid: 0, gid: 0 },
    ]);
  });

  it('says what is wrong, where: an undeclared secret, two sources, a swarm-only key; an unset variable is a warning (compose reads the file)', () => {
    const { errors, warnings } = load(
      writeStack({
        'compose.yaml': `services:
  api:
    image: x
    secrets: [nope]
secrets:
  both: { file: ./a, environment: A }
  unset: { environment: NOT_SET_ANYWHERE }
  ext: { external: true }
`,
      }),
    );
    expect(errors.map((e) => [e.code, e.path])).toEqual([
      ['unknown-dependency', 'services.api.secrets[0]'],
      ['invalid-value', 'secrets.both'],
      ['invalid-value', 'secrets.ext'],
      ['unsupported-key', 'secrets.ext.external'],
    ]);
    expect(warnings.map((w) => [w.code, w.path])).toEqual([['missing-variable', 'secrets.unset.environment']]);
  });

  it('refuses to start a service whose secret comes from a variable that is not set', () => {
    const { stack } = load(
      writeStack({
        'compose.yaml':
          'services:\n  api:\n    image: x\n    secrets: [token]\nsecrets:\n  token: { environment: API_TOKEN }\n',
      }),
    );
    const api = stack?.services.api;
    if (!stack || !api) throw new Error('no stack');
    expect(() => checkConfigToRun(api, stack)).toThrow(
      'service "api": secret "token" comes from API_TOKEN, which is not set',
    );
  });
});
