import { afterEach, describe, expect, it } from 'vitest';
import { load, removeStacks, writeStack } from '../../../test/support/stack-dir';

afterEach(removeStacks);

interface BrokenCase {
  name: string;
  files: Record<string, string>;
  env?: Record<string, string>;
  profiles?: string[];
  code: string;
  message: string;
  /** file (relative to the project), line, column; omitted where the error has no position. */
  at?: [string, number, number];
}

// Each broken input, with the error text and the location it must produce.
const CASES: BrokenCase[] = [
  {
    name: 'bad YAML (unclosed quote)',
    files: { 'compose.yaml': 'services:\n  api:\n    image: "unclosed\n' },
    code: 'yaml-syntax',
    message: 'invalid YAML: Missing closing "quote',
    at: ['compose.yaml', 3, 12],
  },
  {
    name: 'bad YAML (tab indentation)',
    files: { 'compose.yaml': 'services:\n\tapi:\n    image: x\n' },
    code: 'yaml-syntax',
    message: 'invalid YAML',
    at: ['compose.yaml', 2, 1],
  },
  {
    name: 'duplicate key',
    files: { 'compose.yaml': 'services:\n  api:\n    image: a\n    image: b\n' },
    code: 'duplicate-key',
    message: 'duplicate key "image": first at line 3, again at line 4',
    at: ['compose.yaml', 4, 5],
  },
  {
    name: 'top level is a list',
    files: { 'compose.yaml': '- services\n' },
    code: 'wrong-type',
    message: 'must be a mapping, not a list',
    at: ['compose.yaml', 1, 1],
  },
  {
    name: 'services is a list',
    files: { 'compose.yaml': 'services:\n  - api\n' },
    code: 'wrong-type',
    message: 'services must be a mapping, not a list',
    at: ['compose.yaml', 2, 3],
  },
  {
    name: 'ports is a string',
    files: { 'compose.yaml': 'services:\n  api:\n    image: x\n    ports: "abc"\n' },
    code: 'wrong-type',
    message: 'services.api.ports must be a list of port mappings, not the text "abc"',
    at: ['compose.yaml', 4, 12],
  },
  {
    name: 'port mapping is not a port',
    files: { 'compose.yaml': 'services:\n  api:\n    image: x\n    ports:\n      - "80:http"\n' },
    code: 'invalid-port',
    message: 'invalid port mapping "80:http": "http" is not a port or range from 1 to 65535',
    at: ['compose.yaml', 5, 9],
  },
  {
    name: 'port out of range',
    files: { 'compose.yaml': 'services:\n  api:\n    image: x\n    ports:\n      - "70000:80"\n' },
    code: 'invalid-port',
    message: '"70000" is not a host port',
    at: ['compose.yaml', 5, 9],
  },
  {
    name: 'unknown dependency',
    files: { 'compose.yaml': 'services:\n  api:\n    image: x\n    depends_on:\n      - dbx\n' },
    code: 'unknown-dependency',
    message: 'service "api" depends on undefined service "dbx"',
    at: ['compose.yaml', 5, 9],
  },
  {
    name: 'dependency cycle',
    files: {
      'compose.yaml':
        'services:\n  a:\n    image: x\n    depends_on: [b]\n  b:\n    image: x\n    depends_on: [c]\n  c:\n    image: x\n    depends_on: [a]\n',
    },
    code: 'dependency-cycle',
    message: 'dependency cycle: a -> b -> c -> a',
    at: ['compose.yaml', 4, 18],
  },
  {
    name: 'a service depending on itself',
    files: {
      'compose.yaml':
        'services:\n  api:\n    image: x\n    depends_on:\n      api:\n        condition: service_started\n',
    },
    code: 'dependency-cycle',
    message: 'dependency cycle: api -> api',
    at: ['compose.yaml', 6, 9],
  },
  {
    name: 'missing required variable',
    files: { 'compose.yaml': 'services:\n  api:\n    image: "app:${TAG:?set TAG to the release you test}"\n' },
    code: 'missing-variable',
    message: 'required variable TAG is missing a value: set TAG to the release you test',
    at: ['compose.yaml', 3, 12],
  },
  {
    name: 'invalid interpolation',
    files: { 'compose.yaml': 'services:\n  api:\n    image: x\n    environment:\n      URL: "http://${HOST"\n' },
    code: 'invalid-interpolation',
    message: 'a "${" has no closing "}"',
    at: ['compose.yaml', 5, 12],
  },
  {
    name: 'invalid duration',
    files: {
      'compose.yaml':
        'services:\n  db:\n    image: x\n    healthcheck:\n      test: ["CMD", "true"]\n      interval: 5 seconds\n',
    },
    code: 'invalid-duration',
    message: 'services.db.healthcheck.interval: "5 seconds" is not a duration',
    at: ['compose.yaml', 6, 17],
  },
  {
    name: 'duration without a unit',
    files: { 'compose.yaml': 'services:\n  db:\n    image: x\n    stop_grace_period: 10\n' },
    code: 'invalid-duration',
    message: '10 has no unit',
    at: ['compose.yaml', 4, 24],
  },
  {
    name: 'healthcheck test list without CMD',
    files: { 'compose.yaml': 'services:\n  db:\n    image: x\n    healthcheck:\n      test: ["pg_isready"]\n' },
    code: 'invalid-value',
    message: 'healthcheck test list must start with CMD, CMD-SHELL or NONE, not "pg_isready"',
    at: ['compose.yaml', 5, 13],
  },
  {
    name: 'unknown depends_on condition',
    files: {
      'compose.yaml':
        'services:\n  db:\n    image: x\n  api:\n    image: x\n    depends_on:\n      db:\n        condition: service_ready\n',
    },
    code: 'invalid-value',
    message: 'unknown condition "service_ready" for dependency "db"',
    at: ['compose.yaml', 8, 20],
  },
  {
    name: 'environment is a string',
    files: { 'compose.yaml': 'services:\n  api:\n    image: x\n    environment: DEBUG=1\n' },
    code: 'wrong-type',
    message: 'services.api.environment must be a mapping or a list of KEY=VALUE',
    at: ['compose.yaml', 4, 18],
  },
  {
    name: 'service with neither image nor build',
    files: { 'compose.yaml': 'services:\n  api:\n    command: ["serve"]\n' },
    code: 'no-image',
    message: 'service "api" has neither an image nor a build',
    at: ['compose.yaml', 3, 5],
  },
  {
    name: 'dependency on a service disabled by profiles',
    files: {
      'compose.yaml':
        'services:\n  api:\n    image: x\n    depends_on: [debug]\n  debug:\n    image: x\n    profiles: [tools]\n',
    },
    code: 'inactive-dependency',
    message: 'service "api" depends on "debug", which is disabled by its profiles (tools)',
    at: ['compose.yaml', 4, 18],
  },
  {
    // A name: compose can make valid ("My Project!" is "myproject") loads; one with nothing to keep does not.
    name: 'project name with no letter or digit',
    files: { 'compose.yaml': 'name: "!!!"\nservices:\n  api:\n    image: x\n' },
    code: 'invalid-name',
    message: 'the project name "!!!" has no letter or digit',
    at: ['compose.yaml', 1, 7],
  },
  {
    name: 'missing required env_file',
    files: { 'compose.yaml': 'services:\n  api:\n    image: x\n    env_file: ./secrets.env\n' },
    code: 'env-file',
    message: 'secrets.env does not exist',
    at: ['compose.yaml', 4, 15],
  },
  {
    name: 'volume with an empty source',
    files: { 'compose.yaml': 'services:\n  api:\n    image: x\n    volumes:\n      - ":/data"\n' },
    code: 'invalid-volume',
    message: 'invalid volume ":/data": the source before ":" is empty',
    at: ['compose.yaml', 5, 9],
  },
  {
    name: 'undeclared named volume',
    files: { 'compose.yaml': 'services:\n  db:\n    image: x\n    volumes:\n      - dbdata:/var/lib/db\n' },
    code: 'undefined-volume',
    message: 'service "db" uses volume "dbdata", which is not declared',
    at: ['compose.yaml', 5, 9],
  },
  {
    name: 'undeclared network',
    files: { 'compose.yaml': 'services:\n  api:\n    image: x\n    networks: [backend]\n' },
    code: 'undefined-network',
    message: 'service "api" uses network "backend", which is not declared',
    at: ['compose.yaml', 4, 16],
  },
  {
    name: 'x-stackpilot ready probe with two kinds',
    files: {
      'compose.yaml':
        'services:\n  api:\n    image: x\n    x-stackpilot:\n      ready: { http: "http://localhost/", tcp: "localhost:80" }\n',
    },
    code: 'invalid-value',
    message: 'ready has http and tcp; give exactly one',
    at: ['compose.yaml', 5, 14],
  },
  {
    name: 'negative healthcheck retries',
    files: {
      'compose.yaml': 'services:\n  db:\n    image: x\n    healthcheck:\n      test: "true"\n      retries: -1\n',
    },
    code: 'invalid-value',
    message: 'services.db.healthcheck.retries must be between 0 and',
    at: ['compose.yaml', 6, 16],
  },
  {
    name: 'invalid service name',
    files: { 'compose.yaml': 'services:\n  "my api":\n    image: x\n' },
    code: 'invalid-name',
    message: '"my api" is not a valid service name',
    at: ['compose.yaml', 3, 5],
  },
  {
    name: 'error in an override file points at the override',
    files: {
      'compose.yaml': 'services:\n  api:\n    image: x\n',
      'compose.override.yaml': 'services:\n  api:\n    ports:\n      - "8080:80/icmp"\n',
    },
    code: 'invalid-port',
    message: 'unknown protocol "icmp"',
    at: ['compose.override.yaml', 4, 9],
  },
  {
    name: 'empty compose file',
    files: { 'compose.yaml': '# nothing here yet\n' },
    code: 'no-services',
    message: 'compose.yaml is empty',
    at: ['compose.yaml', 1, 1],
  },
  {
    name: 'an alias bomb (billion laughs)',
    files: {
      'compose.yaml':
        'a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\ng: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]\nh: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g, *g]\ni: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h, *h]\nservices: {}\n',
    },
    code: 'yaml-syntax',
    message: 'aliases expand to more than 2 million values',
    at: ['compose.yaml', 1, 1],
  },
  {
    name: 'no compose file at all',
    files: { 'README.md': 'no compose file here\n' },
    code: 'no-compose-file',
    message: 'no compose file found in',
  },
];

describe('broken inputs: each gives a typed error with text and location', () => {
  it('has at least 20 cases', () => expect(CASES.length).toBeGreaterThanOrEqual(20));

  it.each(CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    // The last case must not find a compose file in any parent: give it a root with none above.
    const dir = writeStack(c.files);
    const result = load(dir, { env: c.env ?? {}, ...(c.profiles ? { profiles: c.profiles } : {}) });
    expect(result.stack).toBeUndefined();
    const error = result.errors.find((e) => e.code === c.code);
    expect(error, `errors were: ${JSON.stringify(result.errors, null, 1)}`).toBeDefined();
    expect(error?.message).toContain(c.message);
    expect(error?.hint, 'every error says what to do').toBeTruthy();
    if (c.at) {
      const [file, line, column] = c.at;
      expect(error?.location).toEqual({ file: `${dir}/${file}`, line, column });
    }
  });
});
