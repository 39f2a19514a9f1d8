// Lint rules, including the layering rules of DESIGN.md §4: a wrong import fails `npm test`.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const restrict = (patterns) => ['error', { patterns }];
const electronOnlyInApp = { group: ['electron', 'electron/*'], message: 'Only main/app and preload/ may import electron.' };
const dockerodeOnlyInDocker = { group: ['dockerode', 'dockerode/*'], message: 'Only main/docker may import dockerode.' };

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'test-results/**', '**/*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ['*.mjs', '.config/*.mjs', 'test/setup/*.mjs', 'test/bench/*.mjs'] }, tsconfigRootDir: import.meta.dirname + '/..' },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', { patterns: [electronOnlyInApp, dockerodeOnlyInDocker] }],
    },
  },
  { files: ['main/app/**', 'preload/**', 'main/index.ts'], rules: { 'no-restricted-imports': ['error', { patterns: [dockerodeOnlyInDocker] }] } },
  { files: ['main/docker/**', 'test/**'], rules: { 'no-restricted-imports': ['error', { patterns: [electronOnlyInApp] }] } },
  {
    files: ['main/engine/**'],
    rules: {
      'no-restricted-imports': restrict([
        electronOnlyInApp,
        dockerodeOnlyInDocker,
        { group: ['**/app/**', '**/ipc/**', '**/web/**', '**/cli/**', '**/docker/**'], message: 'The engine depends on nothing outside itself (DESIGN.md §4).' },
      ]),
    },
  },
  {
    files: ['renderer/**'],
    rules: {
      'no-restricted-imports': restrict([
        electronOnlyInApp,
        dockerodeOnlyInDocker,
        { group: ['node:*', 'fs', 'path', 'child_process', 'os'], message: 'The renderer has no Node: talk through the contract.' },
        { group: ['**/main/**'], message: 'The renderer talks to main only through preload/contract.ts.' },
      ]),
    },
  },
  { files: ['**/*.mjs'], ...tseslint.configs.disableTypeChecked },
);
