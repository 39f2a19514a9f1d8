import type { Clock } from '../orchestrator/clock';
import type { Stack } from '../orchestrator/compose/model';
import type { Orchestrator } from '../orchestrator/runtime/orchestrator';
import { runnerWatchPort } from '../orchestrator/watch/runner-port';
import { compileRules, readTextIfAny } from '../orchestrator/watch/watch-rules';
import { WatchSession } from '../orchestrator/watch/watch-session';
import type { WatchEvent } from '../orchestrator/watch/watch-session';

/** The watch (develop.watch) of a running stack: on or off, what it watches, what it last did. */
export interface WatchState {
  active: boolean;
  /** The folders and files watched, while active. */
  paths: string[];
  /** Its latest actions, newest last (20 at most). */
  events: { at: number; service?: string; text: string; failed: boolean }[];
}

const EVENTS_KEPT = 20;

/**
 * The window's Watch: one watch session on the open stack's runner (what `stackpilot watch --no-up`
 * does), its actions kept in each service's timeline and told as `watch:changed`.
 */
export class WatchControl {
  private session: WatchSession | undefined;
  private abort: AbortController | undefined;
  private events: WatchState['events'] = [];
  private starting: Promise<WatchState> | undefined;
  private generation = 0;

  constructor(
    private readonly clock: Clock,
    private readonly emit: (view: WatchState) => void,
  ) {}

  view(): WatchState {
    return { active: this.session !== undefined, paths: this.session?.paths() ?? [], events: this.events };
  }

  /**
   * Starts watching every service with rules; refused (WatchRefused, with a hint) when a rule cannot
   * run. Said active only once its folders are watched: a file saved after that is seen.
   */
  async start(stack: Stack, runner: Orchestrator): Promise<WatchState> {
    if (this.session) return this.view();
    if (this.starting) return this.starting;
    const rules = compileRules(stack, [], readTextIfAny);
    const abort = new AbortController();
    const session = new WatchSession(
      rules,
      runnerWatchPort(runner, abort.signal),
      (e) => this.record(e, runner),
      this.clock,
    );
    this.events = [];
    const generation = ++this.generation;
    this.starting = session.start().then(
      () => {
        this.starting = undefined;
        // Stopped (or the stack closed) while its first sync ran: it ends here.
        if (generation !== this.generation) {
          session.stop();
          abort.abort();
          return this.view();
        }
        this.session = session;
        this.abort = abort;
        this.emit(this.view());
        return this.view();
      },
      (err: unknown) => {
        this.starting = undefined;
        session.stop();
        abort.abort();
        throw err;
      },
    );
    return this.starting;
  }

  stop(): WatchState {
    this.generation++;
    this.starting = undefined;
    if (!this.session) return this.view();
    this.session.stop();
    this.abort?.abort();
    this.session = undefined;
    this.abort = undefined;
    this.emit(this.view());
    return this.view();
  }

  /** A watch that could not start again (after an edit): said in its events, not thrown. */
  refused(err: unknown): void {
    this.events = [
      ...this.events,
      {
        at: this.clock.now(),
        text: `the watch stopped: ${err instanceof Error ? err.message : String(err)}`,
        failed: true,
      },
    ].slice(-EVENTS_KEPT);
    this.emit(this.view());
  }

  private record(e: WatchEvent, runner: Orchestrator): void {
    if (e.service) runner.noteWatch(e.service, e.text);
    this.events = [
      ...this.events,
      { at: this.clock.now(), ...(e.service ? { service: e.service } : {}), text: e.text, failed: e.failed },
    ].slice(-EVENTS_KEPT);
    this.emit(this.view());
  }
}
