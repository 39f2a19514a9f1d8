import { useEffect, useState } from 'react';
import type { ReactNode } from 'react';
import type { EnvEntryView, InspectView } from '../../../preload/contract';
import { request } from '../bridge';
import { clock } from '../format';
import { describeFailure } from '../transport';
import { Button } from '../ui/Button';

function Section({ title, count, children }: { title: string; count?: number; children: ReactNode }) {
  return (
    <section className="flex flex-col gap-1" aria-label={title}>
      <h3 className="text-[11px] font-semibold uppercase tracking-wider text-zinc-500">
        {title}
        {count !== undefined && (
          <span className="font-normal normal-case tracking-normal text-zinc-400"> · {count}</span>
        )}
      </h3>
      {children}
    </section>
  );
}

function Facts({ rows }: { rows: [string, ReactNode][] }) {
  return (
    <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5">
      {rows.map(([k, v]) => (
        <div key={k} className="contents">
          <dt className="text-zinc-500">{k}</dt>
          <dd className="break-all font-mono">{v}</dd>
        </div>
      ))}
    </dl>
  );
}

/** One variable; a secret shows dots until "Show" asks main for its value. */
function EnvRow({ service, entry }: { service: string; entry: EnvEntryView }) {
  const [value, setValue] = useState<string | undefined>(entry.value);
  const [error, setError] = useState<string | null>(null);
  const reveal = (): void => {
    request('service:reveal-env', service, entry.name).then(setValue, (err: unknown) => setError(describeFailure(err)));
  };
  return (
    <tr data-env={entry.name} className="border-b border-zinc-100 align-top dark:border-zinc-800/70">
      <td className="py-0.5 pr-2 font-mono text-zinc-600 dark:text-zinc-400">{entry.name}</td>
      <td className="break-all py-0.5 font-mono" data-env-value>
        {value ?? <span aria-label="hidden value">••••••••</span>}
        {error && <span className="ml-2 font-sans text-red-700 dark:text-red-400">{error}</span>}
      </td>
      <td className="w-12 py-0.5 text-right">
        {entry.secret && (
          <Button size="2xs" onClick={() => (value === undefined ? reveal() : setValue(undefined))}>
            {value === undefined ? 'Show' : 'Hide'}
          </Button>
        )}
      </td>
    </tr>
  );
}

/** The container as the engine has it: read-only, copyable (secrets stay masked in the copy). */
export function InspectTab({ service, containerId }: { service: string; containerId: string | undefined }) {
  const [view, setView] = useState<InspectView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [copied, setCopied] = useState<string | null>(null);
  const [round, setRound] = useState(0);
  useEffect(() => {
    let live = true;
    setError(null);
    request('service:inspect', service).then(
      (v) => live && setView(v),
      (err: unknown) => live && (setView(null), setError(describeFailure(err))),
    );
    return () => {
      live = false;
    };
    // A new container (recreated, restarted) is read again.
  }, [service, containerId, round]);

  if (error) return <p className="text-xs text-zinc-500">{error}</p>;
  if (!view) return <p className="text-xs text-zinc-500">Reading the container from the engine…</p>;
  const copy = (): void => {
    void navigator.clipboard.writeText(JSON.stringify(view, null, 2)).then(
      () => setCopied('copied as JSON (secret values left out)'),
      () => setCopied('copy refused by the browser'),
    );
  };
  const labels = Object.entries(view.labels).sort(([a], [b]) => a.localeCompare(b));
  return (
    <div className="flex flex-col gap-3 text-xs" data-inspect={service}>
      <div className="flex items-center gap-2">
        <Button size="2xs" onClick={copy}>
          Copy as JSON
        </Button>
        <Button size="2xs" onClick={() => setRound((r) => r + 1)}>
          Read again
        </Button>
        {copied && <span className="text-zinc-500">{copied}</span>}
      </div>
      <Section title="Container">
        <Facts
          rows={[
            ['name', view.container],
            ['id', view.id.slice(0, 12)],
            ['state', `${view.state}${view.startedAt ? ` since ${clock(view.startedAt)}` : ''}`],
            ['image', view.image],
            ['image id', view.imageId.replace(/^sha256:/, '').slice(0, 12)],
            ...(view.digests.length > 0 ? ([['digest', view.digests.join(', ')]] as [string, ReactNode][]) : []),
            ['entrypoint', view.entrypoint.length > 0 ? JSON.stringify(view.entrypoint) : '(image default)'],
            ['command', view.command.length > 0 ? JSON.stringify(view.command) : '(none)'],
            ...(view.workingDir ? ([['working dir', view.workingDir]] as [string, ReactNode][]) : []),
            ...(view.user ? ([['user', view.user]] as [string, ReactNode][]) : []),
            ['restart', view.restartPolicy],
          ]}
        />
      </Section>
      <Section title="Environment" count={view.env.length}>
        <table className="w-full table-fixed">
          <colgroup>
            <col className="w-2/5" />
            <col />
            <col className="w-14" />
          </colgroup>
          <tbody>
            {view.env.map((e) => (
              <EnvRow key={e.name} service={service} entry={e} />
            ))}
          </tbody>
        </table>
      </Section>
      <Section title="Mounts" count={view.mounts.length}>
        {view.mounts.length === 0 ? (
          <p className="text-zinc-400">none</p>
        ) : (
          <ul className="font-mono">
            {view.mounts.map((m) => (
              <li key={m.target} className="break-all">
                {m.source || '(anonymous)'} → {m.target}{' '}
                <span className="font-sans text-zinc-500">
                  {m.type}
                  {m.readOnly ? ', read-only' : ''}
                </span>
              </li>
            ))}
          </ul>
        )}
      </Section>
      <Section title="Networks" count={view.networks.length}>
        <ul className="font-mono">
          {view.networks.map((n) => (
            <li key={n.name} className="break-all">
              {n.name}: {n.ip ?? '—'}
              {n.ipv6 ? `, ${n.ipv6}` : ''}{' '}
              <span className="font-sans text-zinc-500">
                {n.aliases.length > 0 ? `aliases ${n.aliases.join(', ')}` : ''}
              </span>
            </li>
          ))}
        </ul>
        {view.ports.length > 0 && (
          <ul className="font-mono" aria-label="published ports">
            {view.ports.map((p) => (
              <li key={`${p.container}-${p.host}`}>
                {p.host} → {p.container}
              </li>
            ))}
          </ul>
        )}
      </Section>
      {view.health && (
        <Section title={`Health: ${view.health.status}`} count={view.health.log.length}>
          <ol className="flex flex-col gap-1" aria-label="health log">
            {view.health.log.map((l, i) => (
              <li key={`${l.at}-${i}`}>
                <span className="font-mono text-zinc-400">{clock(l.at)}</span> exit {l.exitCode}
                {l.output.trim() && (
                  <pre className="mt-0.5 whitespace-pre-wrap rounded bg-zinc-100 p-1 text-[11px] dark:bg-zinc-800">
                    {l.output.trim()}
                  </pre>
                )}
              </li>
            ))}
          </ol>
        </Section>
      )}
      <details>
        <summary className="cursor-pointer text-[11px] font-semibold uppercase tracking-wider text-zinc-500">
          Labels · {labels.length}
        </summary>
        <Facts rows={labels.map(([k, v]) => [k, v])} />
      </details>
    </div>
  );
}
