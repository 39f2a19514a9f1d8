import type { ContainerDriver } from '../driver';
import { Label } from './labels';

/** A compose project on the engine, as its containers' labels tell it. */
export interface ProjectSummary {
  name: string;
  /** Each container's state, one entry per container. */
  states: string[];
  services: string[];
  /** The compose files it was started from (compose's label, comma-separated there). */
  configFiles: string[];
  workingDir?: string;
  /** Whether Stackpilot made its containers (else docker compose, or another tool that labels alike). */
  byStackpilot: boolean;
}

/** Every compose project with a container on the engine (one-off `run` containers count too, as in compose). */
export async function listProjects(driver: Pick<ContainerDriver, 'listContainers'>): Promise<ProjectSummary[]> {
  const projects = new Map<string, ProjectSummary>();
  for (const c of await driver.listContainers({ [Label.project]: true })) {
    const name = c.labels[Label.project] ?? '';
    const p = projects.get(name) ?? {
      name,
      states: [],
      services: [],
      configFiles: (c.labels[Label.configFiles] ?? '').split(',').filter(Boolean),
      ...(c.labels[Label.workingDir] ? { workingDir: c.labels[Label.workingDir] } : {}),
      byStackpilot: false,
    };
    p.states.push(c.state);
    const service = c.labels[Label.service];
    if (service && !p.services.includes(service)) p.services.push(service);
    if (c.labels[Label.stackpilotHash] !== undefined) p.byStackpilot = true;
    projects.set(name, p);
  }
  return [...projects.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** `running(2), exited(1)`, as docker compose ls writes a project's state. */
export function projectStatus(states: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const s of states) counts.set(s, (counts.get(s) ?? 0) + 1);
  return [...counts]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([s, n]) => `${s}(${n})`)
    .join(', ');
}
