import { describe, expect, it } from 'vitest';
import { ComposeLoadError } from '../orchestrator/compose/diagnostics';
import { EngineUnreachable, PortTaken, isEngineError } from '../orchestrator/errors';
import { errorData } from './handlers';

describe('errors as contract data', () => {
  it("keeps an engine error's code and hint", () => {
    expect(
      errorData(new PortTaken([{ port: 8080, hostIp: '0.0.0.0', holder: 'nginx (pid 7)' }], { service: 'web' })),
    ).toEqual({
      name: 'PortTaken',
      code: 'port-taken',
      message: 'host port 8080 (held by nginx (pid 7)) is already in use',
      hint: 'stop what holds it, or publish web on another port',
    });
    const unreachable = errorData(new EngineUnreachable('unix:///var/run/docker.sock', 'no socket there'));
    expect(unreachable).toMatchObject({
      name: 'EngineUnreachable',
      code: 'engine-unreachable',
      message: 'cannot reach the Docker engine at unix:///var/run/docker.sock: no socket there',
    });
    expect(unreachable.hint).toContain('start Docker');
  });

  it('gives everything else a code too', () => {
    expect(errorData(new ComposeLoadError([]))).toMatchObject({ name: 'ComposeLoadError', code: 'compose-invalid' });
    expect(errorData(new TypeError('x is not a function'))).toEqual({
      name: 'TypeError',
      code: 'unexpected',
      message: 'x is not a function',
    });
    expect(errorData('a string was thrown')).toEqual({
      name: 'Error',
      code: 'unexpected',
      message: 'a string was thrown',
    });
  });

  it('tells engine errors apart by code', () => {
    const err: unknown = new EngineUnreachable('tcp://host:2375', 'no answer');
    expect(isEngineError(err)).toBe(true);
    expect(isEngineError(err, 'engine-unreachable')).toBe(true);
    expect(isEngineError(err, 'port-taken')).toBe(false);
    expect(isEngineError(Object.assign(new Error('look-alike'), { code: 'engine-unreachable' }))).toBe(false);
  });
});
