import { describe, expect, it } from 'vitest';
import type { ContainerInfo } from '../driver';
import { Label } from './labels';
import { listProjects, projectStatus } from './projects';

const container = (
  project: string,
  service: string,
  state: ContainerInfo['state'],
  extra: Record<string, string> = {},
): ContainerInfo => ({
  id: `${project}-${service}-${state}`,
  name: `${project}-${service}-1`,
  state,
  oomKilled: false,
  restartCount: 0,
  image: 'x',
  labels: {
    [Label.project]: project,
    [Label.service]: service,
    [Label.configFiles]: `/src/${project}/compose.yaml,/src/${project}/compose.override.yaml`,
    [Label.workingDir]: `/src/${project}`,
    ...extra,
  },
});

describe('the compose projects on the engine', () => {
  it('groups containers by project: states, services, files, folder, and who made them', async () => {
    const list = [
      container('shop', 'api', 'running', { [Label.stackpilotHash]: 'h' }),
      container('shop', 'api', 'exited', { [Label.stackpilotHash]: 'h' }),
      container('shop', 'db', 'running', { [Label.stackpilotHash]: 'h' }),
      container('blog', 'web', 'exited'),
    ];
    const projects = await listProjects({ listContainers: () => Promise.resolve(list) });
    expect(projects).toEqual([
      {
        name: 'blog',
        states: ['exited'],
        services: ['web'],
        configFiles: ['/src/blog/compose.yaml', '/src/blog/compose.override.yaml'],
        workingDir: '/src/blog',
        byStackpilot: false,
      },
      {
        name: 'shop',
        states: ['running', 'exited', 'running'],
        services: ['api', 'db'],
        configFiles: ['/src/shop/compose.yaml', '/src/shop/compose.override.yaml'],
        workingDir: '/src/shop',
        byStackpilot: true,
      },
    ]);
    expect(projectStatus(projects[1]?.states ?? [])).toBe('exited(1), running(2)');
  });
});
