import { describe, expect, it } from 'vitest';
import type { Stack } from '../orchestrator/compose/model';
import { equivalents } from './equivalent-commands';

const stack = { name: 'shop', files: ['/work/shop/compose.yaml', '/work/shop/compose.override.yaml'] } as Stack;

describe('an action as terminal commands', () => {
  it('names the project and files as they were opened, stackpilot’s after the command and compose’s before it', () => {
    expect(equivalents(stack, '/work', 'up', 'up -d --wait')).toEqual({
      cli: 'stackpilot up -p shop -f shop/compose.yaml -f shop/compose.override.yaml',
      compose: 'docker compose -p shop -f shop/compose.yaml -f shop/compose.override.yaml up -d --wait',
    });
  });

  it('chains an action of two steps, and gives no compose command where compose has none', () => {
    expect(equivalents(stack, '/work/shop', ['stop', 'up'], ['stop', 'up -d --wait']).compose).toBe(
      'docker compose -p shop -f compose.yaml -f compose.override.yaml stop && docker compose -p shop -f compose.yaml -f compose.override.yaml up -d --wait',
    );
    expect(equivalents(stack, '/work', 'up api')).toEqual({
      cli: 'stackpilot up api -p shop -f shop/compose.yaml -f shop/compose.override.yaml',
    });
  });

  it('names the engine picked for the stack, as docker --context does', () => {
    expect(equivalents(stack, '/work/shop', 'up', 'up -d --wait', 'devbox')).toEqual({
      cli: 'stackpilot --context devbox up -p shop -f compose.yaml -f compose.override.yaml',
      compose: 'docker --context devbox compose -p shop -f compose.yaml -f compose.override.yaml up -d --wait',
    });
  });
});
