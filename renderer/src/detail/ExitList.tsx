import type { ServiceStateView } from '../../../preload/contract';
import { clock } from '../format';
import { useNow } from '../use-now';

/** The window the exit rate is counted over. */
const RATE_WINDOW_MS = 10 * 60_000;

/** Every exit this session, newest first, each with the last lines before it (folded). */
export function ExitList({
  name,
  exits,
  restarts,
}: {
  name: string;
  exits: NonNullable<ServiceStateView['exits']>;
  restarts: number;
}) {
  const now = useNow(true, 10_000);
  const recent = exits.filter((e) => now - e.at <= RATE_WINDOW_MS).length;
  return (
    <section aria-label={`${name} exits`} className="flex flex-col gap-1">
      <h3 className="text-zinc-500" data-exit-rate>
        {exits.length} {exits.length === 1 ? 'exit' : 'exits'} this session
        {exits.length >= 10 ? ' (the last 10 kept)' : ''} · {recent} in the last 10 min · {restarts} restart
        {restarts === 1 ? '' : 's'}
      </h3>
      <ol className="flex flex-col gap-1">
        {[...exits].reverse().map((e) => (
          <li key={e.at}>
            <details>
              <summary className="cursor-pointer">
                <time className="font-mono text-zinc-400">{clock(e.at)}</time> {e.reason}
              </summary>
              <pre className="mt-1 max-h-40 overflow-auto rounded bg-zinc-950 p-2 text-[11px] leading-snug text-zinc-200">
                {e.lines.length > 0 ? e.lines.join('\n') : '(no output)'}
              </pre>
            </details>
          </li>
        ))}
      </ol>
    </section>
  );
}
