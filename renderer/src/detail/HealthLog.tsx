import type { HealthReportView, ServiceStatusView } from '../../../preload/contract';
import { clock } from '../format';
import { useNow } from '../use-now';

/** "the engine's next probe in ~5 s", live; nothing once the service no longer waits on one. */
export function NextProbe({ report, status }: { report: HealthReportView; status: ServiceStatusView }) {
  const live = report.nextProbeAt !== undefined && (status === 'starting' || status === 'unhealthy');
  const now = useNow(live);
  if (!live || report.nextProbeAt === undefined) return null;
  const secs = Math.round((report.nextProbeAt - now) / 1000);
  return (
    <span data-next-probe>{secs > 0 ? `the engine's next probe in ~${secs} s` : "the engine's next probe is due"}</span>
  );
}

/** The engine's last probe in a few words: `probe 4 failed (exit 1: "pg_isready: no response")`. */
export function lastProbeWords(report: HealthReportView): string | undefined {
  const last = report.log.at(-1);
  if (!last) return undefined;
  const output = last.says ?? last.output.split('\n').filter(Boolean).at(-1) ?? '';
  const said = output ? `: "${output.slice(0, 120)}"` : '';
  return last.exitCode === 0
    ? `last probe passed${said ? ` (${said.slice(2)})` : ''}`
    : `${report.failingStreak} probe${report.failingStreak === 1 ? '' : 's'} failed in a row (exit ${last.exitCode}${said})`;
}

/** The engine's own health check of the container: status, each probe kept (output and exit code), the next one. */
export function HealthLog({
  name,
  report,
  status,
}: {
  name: string;
  report: HealthReportView;
  status: ServiceStatusView;
}) {
  return (
    <section aria-label={`${name} health log`} className="flex flex-col gap-1">
      <h3 className="text-zinc-500">
        Docker's health check:{' '}
        <span className="font-medium text-zinc-700 dark:text-zinc-300">{report.status ?? 'no status'}</span>
        {report.nextProbeAt !== undefined && (
          <>
            {' · '}
            <NextProbe report={report} status={status} />
          </>
        )}
      </h3>
      {report.log.length === 0 ? (
        <p className="text-zinc-400">No probe has run yet.</p>
      ) : (
        <ol className="flex flex-col gap-0.5">
          {[...report.log].reverse().map((l) => (
            <li key={l.at} data-exit-code={l.exitCode} className="grid grid-cols-[auto_auto_1fr] gap-2">
              <time className="font-mono text-zinc-400">{clock(l.at)}</time>
              <span
                className={
                  l.exitCode === 0 ? 'text-emerald-700 dark:text-emerald-400' : 'text-red-700 dark:text-red-400'
                }
              >
                {l.exitCode === 0 ? 'passed' : `exit ${l.exitCode}`}
              </span>
              <span className="truncate font-mono text-zinc-600 dark:text-zinc-400" title={l.output}>
                {l.says && <span className="font-sans font-medium text-zinc-800 dark:text-zinc-200">{l.says} · </span>}
                {l.output || '(no output)'}
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
