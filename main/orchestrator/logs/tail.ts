import type { ContainerDriver, LogLine } from '../driver';

/** The last `count` lines a container printed, as the engine keeps them (nothing more comes). */
export function tailLines(driver: Pick<ContainerDriver, 'logs'>, id: string, count: number): Promise<LogLine[]> {
  return new Promise((resolve) => {
    const lines: LogLine[] = [];
    driver.logs(
      id,
      { follow: false, tail: count },
      (l) => lines.push(l),
      () => resolve(lines.slice(-count)),
    );
  });
}
