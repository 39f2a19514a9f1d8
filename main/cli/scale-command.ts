import { UsageError } from './stack-options';
import type { StackArgs } from './stack-options';
import type { CliIO } from './io';
import { upCommand } from './up-command';

export const SCALE_HELP = `Usage: stackpilot scale [OPTIONS] SERVICE=REPLICAS...

Run that many containers of each service: the missing replicas are made and started (with what they
depend on, which gets its own scale from the file), the surplus ones stopped and removed, the rest
left as they are (not recreated). As up -d --no-recreate --scale SERVICE=N SERVICE.

Options: the stack options (-f, --project-directory, -p, --profile), and
      --no-deps   only these services, not what they depend on
`;

/** compose's scale: an up of the named services with their replica counts, that recreates nothing. */
export function scaleCommand(io: CliIO, values: StackArgs, specifiers: string[]): Promise<number> {
  if (specifiers.length === 0) throw new UsageError('scale needs at least one SERVICE=REPLICAS');
  const services = specifiers.map((s) => {
    const m = /^([^=]+)=(.*)$/.exec(s);
    if (!m?.[1] || !m[2])
      throw new UsageError(`invalid scale specifier "${s}": write it as SERVICE=REPLICAS, e.g. api=3`);
    if (!/^\d+$/.test(m[2]))
      throw new UsageError(`invalid scale specifier "${s}": "${m[2]}" is not a whole number of replicas`);
    return m[1];
  });
  return upCommand(
    io,
    { ...values, detach: true, 'no-recreate': true, scale: [...(values.scale ?? []), ...specifiers] },
    services,
  );
}
