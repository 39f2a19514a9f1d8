import type DockerModem from 'docker-modem';
import { EngineError } from '../orchestrator/errors';

/** How long an engine call may go unanswered before it is given up, saying which call. */
export const CALL_TIMEOUT_MS = 60_000;

/**
 * Calls that wait on purpose (an exit, a stream, a pull or a build, a file copy of any size): never
 * cut short. Stop, restart and kill wait for the container's grace on top of the engine's answer.
 */
const WAITS_ON_PURPOSE =
  /\/(wait|attach|logs|events|stats|build|push|export|get|commit|archive|load)\b|\/images\/create|\/exec\/[^/]+\/start|\/containers\/prune|\/system\/df/;
const GRACE = /\/containers\/[^/]+\/(stop|restart)\b/;

type Modem = Pick<DockerModem, 'dial'>;

/** An engine call that got no answer in time: what was asked, and what to do. */
export class EngineCallTimeout extends EngineError {
  constructor(call: string, ms: number) {
    super(
      'engine-error',
      `the engine did not answer ${call} within ${Math.round(ms / 1000)} s`,
      'it may be overloaded or stuck: Stackpilot tries again; if it stays so, restart the engine (systemctl restart docker, or Docker Desktop)',
      { transient: true },
    );
  }
}

/**
 * Bounds every ordinary call of a dockerode client: one that gets no answer within `timeoutMs` (plus a
 * stop's grace) is given up with an error that names it, so an engine that hangs one request costs a
 * retry, never a wait for ever. Streams and calls that wait on purpose go on as long as they need.
 */
export function boundCalls(modem: Modem, timeoutMs = CALL_TIMEOUT_MS): void {
  const dial = modem.dial.bind(modem);
  modem.dial = (options, callback) => {
    const path = options.path.replace(/\?$/, '');
    if (options.isStream || options.hijack || options.abortSignal || WAITS_ON_PURPOSE.test(path))
      return dial(options, callback);
    const grace = Number((options.options as { t?: unknown } | undefined)?.t ?? 10);
    const ms = timeoutMs + (GRACE.test(path) ? (Number.isFinite(grace) ? grace : 10) * 1000 : 0);
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), ms);
    dial({ ...options, abortSignal: controller.signal }, (err, data) => {
      clearTimeout(timer);
      if (err && controller.signal.aborted)
        callback?.(new EngineCallTimeout(`${options.method ?? 'GET'} ${path.replace(/^\/v\d+\.\d+/, '')}`, ms), null);
      else callback?.(err, data);
    });
  };
}
