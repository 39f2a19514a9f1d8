import { resolve } from 'node:path';
import type { OpenStack } from './open-stack';
import type { OverallState } from './overall';
import type { OpenStacks, SessionEmit, SessionEvents } from './session-events';

type Notice = SessionEvents['app:notice'];
import type { OpenRequest, StackShown } from './stack-loader';

/** Makes the parts of one more open stack, its events going through `emit`. */
export type OpenStackFactory = (emit: SessionEmit, nextRevision: () => number) => OpenStack;

interface Entry {
  stack: OpenStack;
}

const WORST: Record<OverallState, number> = { failed: 3, starting: 2, ready: 1, idle: 0 };

/**
 * Every stack open at once, each its own OpenStack (files, variables, watch) and session (runner,
 * logs, supervision). A face shows one, the active one: only its events go out as they are; another's
 * failures and recoveries still come as notices (named for their stack), and every stack's overall
 * state as `stacks:changed`, for the switcher and the tray.
 */
export class StackSet {
  private readonly entries: Entry[] = [];
  private active: Entry;
  private revision = 0;

  constructor(
    private readonly make: OpenStackFactory | undefined,
    private readonly emit: SessionEmit,
    private readonly cwd: string,
    first?: OpenStack,
  ) {
    this.active = first ? { stack: first } : this.create();
    if (first) this.entries.push(this.active);
  }

  /** A set of the one stack given, which each open replaces (tests, and any single-stack host). */
  static of(stack: OpenStack, emit: SessionEmit = () => undefined): StackSet {
    return new StackSet(undefined, emit, '/', stack);
  }

  private create(): Entry {
    if (!this.make) throw new Error('this set holds one stack only');
    const entry = {} as Entry;
    entry.stack = this.make(this.emitFor(entry), () => ++this.revision);
    this.entries.push(entry);
    return entry;
  }

  private emitFor(entry: Entry): SessionEmit {
    return (event, payload) => {
      // A terminal's output goes to whoever opened it, whichever stack is shown.
      if (entry === this.active || event === 'terminal:output' || event === 'terminal:exit') this.emit(event, payload);
      else if (event === 'app:notice') {
        const n = payload as Notice;
        this.emit('app:notice', { ...n, title: `${this.nameOf(entry)}: ${n.title}` });
      }
      if (event === 'stack:overall' || event === 'stack:changed') this.emit('stacks:changed', this.list());
    };
  }

  /** The stack the window shows (and its handlers act on). */
  get current(): OpenStack {
    return this.active.stack;
  }

  /**
   * Opens a stack beside the others, or switches to it when it is open already (at once: its session
   * kept running); the same stack with other profiles or another project name is loaded again.
   */
  open(request: OpenRequest): StackShown {
    const target = resolve(this.cwd, request.path);
    const found = this.entries.find((e) => e.stack.target === target);
    if (found && !request.profiles && !request.projectName) {
      this.active = found;
      const shown = found.stack.reannounce() ?? found.stack.open(request);
      this.emit('stacks:changed', this.list());
      return shown;
    }
    if (!found && this.make && this.active.stack.target !== undefined) this.active = this.create();
    else if (found) this.active = found;
    const shown = this.active.stack.open(request);
    this.emit('stacks:changed', this.list());
    return shown;
  }

  /** Closes one stack (its containers keep running); the newest other one becomes active. The last one stays. */
  close(path: string): OpenStacks {
    const entry = this.entries.find((e) => e.stack.target === path);
    if (!entry || this.entries.length === 1) return this.list();
    entry.stack.close();
    this.entries.splice(this.entries.indexOf(entry), 1);
    const next = this.entries.at(-1);
    if (entry === this.active && next) {
      this.active = next;
      next.stack.reannounce();
    }
    const list = this.list();
    this.emit('stacks:changed', list);
    return list;
  }

  list(): OpenStacks {
    const stacks = this.entries.flatMap((e) => {
      const path = e.stack.target;
      if (path === undefined) return [];
      return [{ path, name: this.nameOf(e), overall: e.stack.session.overall() }];
    });
    return { ...(this.active.stack.target !== undefined ? { active: this.active.stack.target } : {}), stacks };
  }

  /** The worst state of all (for the tray): failed over starting over ready over idle. */
  overall(): OverallState {
    return this.list().stacks.reduce<OverallState>(
      (worst, s) => (WORST[s.overall.state] > WORST[worst] ? s.overall.state : worst),
      'idle',
    );
  }

  /** Every open stack (quitting stops them all, or asks once for all). */
  all(): OpenStack[] {
    return this.entries.map((e) => e.stack);
  }

  private nameOf(entry: Entry): string {
    const shown = entry.stack.shown;
    if (shown?.status === 'loaded') return shown.stack.name;
    return entry.stack.target ?? 'stack';
  }

  closeAll(): void {
    for (const e of this.entries) e.stack.close();
  }
}
