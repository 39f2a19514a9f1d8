// The layer rule of ARCHITECTURE.md ("The parts and their arrows"), as an allowlist (VS Code's layer rule is the model): each layer
// lists what it may import; anything else is an error. A layer is the longest matching path prefix.
import { dirname, relative, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');

/** Layer → the layers (path prefixes) it may import at run time. Type-only imports are listed apart. */
export const LAYERS = {
  'main/orchestrator': { may: ['main/orchestrator'] },
  'main/docker': { may: ['main/docker', 'main/orchestrator'] },
  // The session layer: the use-cases every face calls (open stacks, their running side, history,
  // preflight, bundles, watches), in its own and the orchestrator's types: it never sees the contract.
  'main/session': { may: ['main/session', 'main/orchestrator'] },
  // The contract adapter: the window's views of the session's data, its events fanned out, each
  // channel's schema and handler, and the one place the app's parts are put together.
  'main/ipc': { may: ['main/ipc', 'main/session', 'main/orchestrator', 'preload/contract.ts'] },
  'main/cli': { may: ['main/cli', 'main/session', 'main/orchestrator', 'main/docker', 'main/version.ts'] },
  'main/web': {
    may: [
      'main/web',
      'main/ipc',
      'main/session',
      'main/orchestrator',
      'main/docker',
      'main/version.ts',
      'preload/contract.ts',
    ],
  },
  'main/app': {
    may: [
      'main/app',
      'main/ipc',
      'main/session',
      'main/orchestrator',
      'main/docker',
      'main/version.ts',
      'preload/contract.ts',
    ],
  },
  'main/index.ts': { may: ['main/app'] },
  'main/version.ts': { may: ['package.json'] },
  preload: { may: ['preload'] },
  // The renderer talks to main only through the contract, and takes nothing from it but types.
  renderer: { may: ['renderer'], typesOnly: ['preload/contract.ts'] },
};

/** Packages only one layer may import. */
const PACKAGES = {
  electron: ['main/app', 'preload'],
  dockerode: ['main/docker'],
};

const layerOf = (path) =>
  Object.keys(LAYERS)
    .filter((l) => within(path, [l]))
    .sort((a, b) => b.length - a.length)[0];

const bare = (path) => path.replace(/\.(ts|tsx|mjs|js)$/, '');
const within = (path, prefixes) => prefixes.map(bare).some((p) => bare(path) === p || path.startsWith(`${p}/`));

const rule = {
  meta: {
    type: 'problem',
    schema: [],
    messages: {
      denied: '{{from}} may not import {{to}} ({{why}}); see LAYERS in .config/eslint-layers.mjs and ARCHITECTURE.md.',
    },
  },
  create(context) {
    const file = relative(ROOT, context.filename);
    const from = layerOf(file);
    const check = (node, source, typeOnly) => {
      if (typeof source !== 'string') return;
      const pkg = Object.keys(PACKAGES).find((p) => source === p || source.startsWith(`${p}/`));
      if (pkg && !within(file, PACKAGES[pkg])) {
        context.report({
          node,
          messageId: 'denied',
          data: { from: file, to: source, why: `only ${PACKAGES[pkg].join(' and ')} may` },
        });
        return;
      }
      if (!from || !source.startsWith('.')) return;
      const to = relative(ROOT, resolve(dirname(context.filename), source));
      const { may, typesOnly = [] } = LAYERS[from];
      if (within(to, may) || (typeOnly && within(to, typesOnly))) return;
      const why = within(to, typesOnly)
        ? 'types only: use `import type`'
        : `${from} may import ${[...may, ...typesOnly.map((t) => `${t} (types)`)].join(', ')}`;
      context.report({ node, messageId: 'denied', data: { from: file, to, why } });
    };
    return {
      ImportDeclaration: (node) => check(node, node.source.value, node.importKind === 'type'),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value, node.exportKind === 'type'),
      ExportAllDeclaration: (node) => check(node, node.source.value, node.exportKind === 'type'),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value, false),
    };
  },
};

export const layersPlugin = { rules: { 'allowed-imports': rule } };
