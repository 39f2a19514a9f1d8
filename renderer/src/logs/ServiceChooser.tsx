import { toggleClass } from './toggles';

/** Past this many services, a chip each would fill the dock: a list to pick from instead. */
const CHIPS_UP_TO = 12;

interface Props {
  services: string[];
  /** The services shown; none: all. */
  chosen: readonly string[];
  colors: ReadonlyMap<string, string>;
  /** One service only, or (null) all. */
  showLogsOf: (service: string | null) => void;
  /** Adds a service to those shown, or takes it away. */
  toggle: (service: string) => void;
}

/** Which services' lines the dock shows: a chip each, or a list to pick from when there are many. */
export function ServiceChooser({ services, chosen, colors, showLogsOf, toggle }: Props) {
  return (
    <>
      {services.length <= CHIPS_UP_TO && (
        <div role="group" aria-label="services shown" className="flex flex-wrap gap-1 text-xs">
          <button
            type="button"
            aria-pressed={chosen.length === 0}
            onClick={() => showLogsOf(null)}
            className={toggleClass(chosen.length === 0)}
          >
            all
          </button>
          {services.map((name) => (
            <button
              key={name}
              type="button"
              aria-pressed={chosen.includes(name)}
              onClick={() => toggle(name)}
              className={toggleClass(chosen.includes(name))}
            >
              <span aria-hidden className={`mr-1 ${colors.get(name) ?? ''}`}>
                ●
              </span>
              {name}
            </button>
          ))}
        </div>
      )}
      {services.length > CHIPS_UP_TO && (
        <label className="flex items-center gap-1 text-xs">
          <span className="text-zinc-500">of</span>
          <select
            aria-label="show logs of"
            value={chosen.length === 1 ? chosen[0] : chosen.length === 0 ? '' : '*some'}
            onChange={(e) => showLogsOf(e.target.value === '' ? null : e.target.value)}
            className="rounded border border-zinc-300 bg-white px-1 py-0.5 text-xs dark:border-zinc-700 dark:bg-zinc-950"
          >
            <option value="">all {services.length} services</option>
            {chosen.length > 1 && (
              <option value="*some" disabled>
                {chosen.join(', ')}
              </option>
            )}
            {services.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
      )}
    </>
  );
}
