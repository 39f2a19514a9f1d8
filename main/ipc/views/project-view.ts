import type { ProjectSummary } from '../../orchestrator/runtime/projects';
import { projectStatus } from '../../orchestrator/runtime/projects';
import type { ProjectView } from '../../../preload/contract';

/** A project on the engine as the home view lists it; `open`: it is the stack open here. */
export function projectView(p: ProjectSummary, open: boolean): ProjectView {
  return {
    name: p.name,
    status: projectStatus(p.states),
    running: p.states.filter((s) => s === 'running').length,
    containers: p.states.length,
    services: p.services.length,
    configFiles: p.configFiles,
    ...(p.workingDir ? { workingDir: p.workingDir } : {}),
    byStackpilot: p.byStackpilot,
    open,
  };
}
