import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { load, removeStacks, writeStack } from '../../../test/support/stack-dir';
import { toComposeJson } from './compose-json';
import { fromError, inputProblem, readInputFile } from './input-file';
import { parseDuration } from './duration';

afterEach(removeStacks);

/** No input may crash, hang or exhaust the loader: each case ends in a stack or in errors that say where and what. */
const errorsOf = (files: Record<string, string>): { code: string; message: string; line?: number }[] =>
  load(writeStack(files)).errors.map((e) => ({
    code: e.code,
    message: e.message,
    ...(e.location ? { line: e.location.line } : {}),
  }));

/** An alias bomb: `levels` levels of `width` references each, over a leaf list of `leaf` text. */
function aliasBomb(leaf: string, width: number, levels: number): string {
  let text = `x-l0: &l0 [${Array.from({ length: width }, () => JSON.stringify(leaf)).join(', ')}]\n`;
  for (let i = 1; i <= levels; i++)
    text += `x-l${i}: &l${i} [${Array.from({ length: width }, () => `*l${i - 1}`).join(', ')}]\n`;
  return `${text}services:\n  a:\n    image: busybox\n    x-bomb: *l${levels}\n`;
}

describe('hostile inputs', { timeout: 120_000 }, () => {
  it('refuses an alias bomb of few values but long text (it counts bytes, not only values)', () => {
    const errors = errorsOf({ 'compose.yaml': aliasBomb('x'.repeat(100_000), 10, 3) });
    expect(errors.map((e) => e.message)).toEqual(['invalid YAML: its aliases expand to more than 64 MiB of text']);
  });

  it('refuses an alias bomb whose leaves hold variables before interpolating it', () => {
    expect(errorsOf({ 'compose.yaml': aliasBomb('$$HOME ${X:-y}', 10, 7) }).map((e) => e.code)).toEqual([
      'yaml-syntax',
    ]);
  });

  it('reads a large file that has no aliases, however many values it holds', () => {
    const items = Array.from({ length: 2_100_000 }, () => '1').join(',');
    const { stack, errors } = load(
      writeStack({ 'compose.yaml': `services:\n  a:\n    image: busybox\n    x-many: [${items}]\n` }),
    );
    expect(errors).toEqual([]);
    expect((stack?.services.a?.extensions['x-many'] as unknown[]).length).toBe(2_100_000);
  });

  it('refuses values nested past any real file, saying so', () => {
    expect(
      errorsOf({
        'compose.yaml': `services:\n  a:\n    image: busybox\n    x-deep: ${'['.repeat(20_000)}${']'.repeat(20_000)}\n`,
      }).map((e) => e.message),
    ).toEqual(['invalid YAML: values nest more than 500 levels deep']);
  });

  it('orders a 12,000-service depends_on chain, and names a cycle that long, without recursion', () => {
    const n = 12_000;
    const chain = Array.from(
      { length: n },
      (_, i) => `  s${i}:\n    image: busybox\n${i > 0 ? `    depends_on: [s${i - 1}]\n` : ''}`,
    ).join('');
    expect(load(writeStack({ 'compose.yaml': `services:\n${chain}` })).errors).toEqual([]);
    const cycle = `services:\n${chain}`.replace(
      '  s0:\n    image: busybox\n',
      `  s0:\n    image: busybox\n    depends_on: [s${n - 1}]\n`,
    );
    const errors = errorsOf({ 'compose.yaml': cycle });
    expect(errors.map((e) => e.code)).toEqual(['dependency-cycle']);
    expect(errors[0]?.message.split(' -> ')).toHaveLength(n + 1);
  });

  it('lists the first 200 of 20,000 unknown keys, then how many more', () => {
    const keys = Array.from({ length: 20_000 }, (_, i) => `    unknown${i}: 1\n`).join('');
    const errors = errorsOf({ 'compose.yaml': `services:\n  a:\n    image: busybox\n${keys}` });
    expect(errors).toHaveLength(201);
    expect(errors[200]?.message).toBe('and 19800 more problems, not listed');
  });

  it('expands a published port range of 65,535 ports, and refuses ranges past what a host has before expanding them', () => {
    const one = load(writeStack({ 'compose.yaml': 'services:\n  a:\n    image: busybox\n    ports: ["1-65535"]\n' }));
    expect(one.errors).toEqual([]);
    expect(one.stack?.services.a?.ports).toHaveLength(65_535);
    const services = Array.from(
      { length: 20 },
      (_, i) => `  s${i}:\n    image: busybox\n    ports: ["1-65535"]\n`,
    ).join('');
    const twenty = load(writeStack({ 'compose.yaml': `services:\n${services}` }));
    expect(twenty.errors).toHaveLength(19);
    expect(twenty.errors[0]).toMatchObject({
      location: { line: 7, column: 13 },
      message:
        '"1-65535" takes the stack past 65535 published ports, more than a host has for one address and protocol',
      hint: 'publish only the ports the services use',
    });
  });

  it.each([
    ['depends_on: [toString]', 'service "a" depends on undefined service "toString"'],
    ['depends_on: [__proto__]', 'service "a" depends on undefined service "__proto__"'],
    ['networks: [valueOf]', 'service "a" uses network "valueOf", which is not declared'],
    ['volumes: ["constructor:/x"]', 'service "a" uses volume "constructor", which is not declared'],
    ['secrets: [hasOwnProperty]', 'service "a" uses secret "hasOwnProperty", which is not declared'],
    ['configs: [constructor]', 'service "a" uses config "constructor", which is not declared'],
    ['volumes_from: [toString]', 'service "a" takes volumes from service "toString", which is not defined'],
    [
      'network_mode: service:constructor',
      'service "a" uses the network of service "constructor", which is not defined',
    ],
  ])('takes no JavaScript built-in for a defined name: %s', (line, message) => {
    expect(
      errorsOf({ 'compose.yaml': `services:\n  a:\n    image: busybox\n    ${line}\n` }).map((e) => e.message),
    ).toEqual([message]);
  });

  it('keeps a variable named __proto__ as a variable', () => {
    const { stack } = load(
      writeStack({ 'compose.yaml': 'services:\n  a:\n    image: busybox\n    environment: { __proto__: x, B: y }\n' }),
    );
    expect(Object.entries(stack?.services.a?.environment ?? {})).toEqual([
      ['__proto__', 'x'],
      ['B', 'y'],
    ]);
    expect(JSON.stringify(toComposeJson(stack ?? ({} as never), 'json'))).toContain('"__proto__":"x"');
  });

  it('refuses durations past what Go can hold, as compose does', () => {
    expect(parseDuration('99999999h')).toBeUndefined();
    expect(parseDuration('2562047h')).toBe(2562047 * 3_600_000);
    expect(
      errorsOf({ 'compose.yaml': 'services:\n  a:\n    image: busybox\n    stop_grace_period: 99999999h\n' }).map(
        (e) => e.line,
      ),
    ).toEqual([4]);
  });
});

describe('files that are not files', () => {
  it('says what each path is, at the line that named it', () => {
    const dir = writeStack({ 'compose.yaml': 'include: [./sub]\nservices:\n  a:\n    image: busybox\n' });
    mkdirSync(join(dir, 'sub'));
    expect(load(dir).errors.map((e) => [e.message.replace(dir, '.'), e.location?.line])).toEqual([
      ['include: the file ./sub is a folder, not a file', 1],
    ]);
    const devNull = writeStack({
      'compose.yaml': 'include: [/dev/null]\nservices:\n  a:\n    image: busybox\n    env_file: /dev/zero\n',
    });
    expect(load(devNull).errors.map((e) => [e.message, e.location?.line])).toEqual([
      ['include: the file /dev/null is not a regular file (a device, FIFO or socket)', 1],
      ['env_file /dev/zero is not a regular file (a device, FIFO or socket)', 5],
    ]);
  });

  it('never waits on a FIFO named by extends.file', () => {
    const dir = writeStack({ 'compose.yaml': 'services:\n  a:\n    extends: { file: ./base.yaml, service: b }\n' });
    execFileSync('mkfifo', [join(dir, 'base.yaml')]);
    expect(load(dir).errors.map((e) => e.message.replace(dir, '.'))).toEqual([
      'extends: the file ./base.yaml is not a regular file (a device, FIFO or socket)',
    ]);
    expect(readInputFile(join(dir, 'base.yaml'), 'file')).toMatchObject({ problem: { kind: 'not-a-file' } });
  });

  it('says a -f folder, a symlink loop and a missing file apart', () => {
    const dir = writeStack({ 'compose.yaml': 'services:\n  a:\n    image: busybox\n' });
    symlinkSync(join(dir, 'loop-b'), join(dir, 'loop-a'));
    symlinkSync(join(dir, 'loop-a'), join(dir, 'loop-b'));
    const messages = (file: string): string[] =>
      load(dir, { files: [file] }).errors.map((e) => e.message.replace(dir, '.'));
    expect(messages(dir)).toEqual(['compose file . is a folder, not a file']);
    expect(messages(join(dir, 'loop-a'))).toEqual([
      'compose file ./loop-a is a symbolic link that leads back to itself',
    ]);
    expect(messages(join(dir, 'nope.yaml'))).toEqual(['compose file ./nope.yaml does not exist']);
  });

  it('says an unreadable file is not readable, with what to do', () => {
    // Root reads every file, so the permission error is made here rather than by chmod.
    const denied = Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
    expect(fromError('/p/.env', '.env', denied)).toEqual({
      kind: 'permission',
      message: '.env /p/.env cannot be read: permission denied',
      hint: 'give your user read access to it (ls -l /p/.env)',
    });
    const dir = writeStack({ 'compose.yaml': 'services:\n  a:\n    image: busybox\n', '.env/x': '' });
    expect(load(dir).errors.map((e) => e.message.replace(dir, '.'))).toEqual(['.env ./.env is a folder, not a file']);
    writeFileSync(join(dir, 'empty.yaml'), '');
    expect(inputProblem(join(dir, 'empty.yaml'), 'compose file')).toBeUndefined();
  });
});
