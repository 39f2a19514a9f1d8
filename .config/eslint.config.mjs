// Lint rules, including the layer rule of ARCHITECTURE.md ("The parts and their arrows"): a wrong import fails `npm test`.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { layersPlugin } from './eslint-layers.mjs';

const restrict = (patterns) => ['error', { patterns }];
const electronOnlyInApp = {
  group: ['electron', 'electron/*'],
  message: 'Only main/app and preload/ may import electron.',
};

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'test-results/**', '**/*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['*.mjs', '.config/*.mjs', 'test/setup/*.mjs', 'test/bench/*.mjs'] },
        tsconfigRootDir: import.meta.dirname + '/..',
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  // Each layer imports only what it may (an allowlist: .config/eslint-layers.mjs); tests may reach anywhere.
  {
    files: ['main/**/*.ts', 'preload/**/*.ts', 'renderer/**/*.ts', 'renderer/**/*.tsx'],
    ignores: ['**/*.test.ts', '**/*.test.tsx'],
    plugins: { layers: layersPlugin },
    rules: { 'layers/allowed-imports': 'error' },
  },
  // Small modules: no source file grows past 350 lines of code, no orchestrator file past 300, without
  // being split by concern (CONTRIBUTING.md).
  {
    files: ['main/**/*.ts', 'preload/**/*.ts', 'renderer/**/*.ts', 'renderer/**/*.tsx'],
    ignores: ['**/*.test.ts', '**/*.test.tsx'],
    rules: { 'max-lines': ['error', { max: 350, skipBlankLines: true, skipComments: true }] },
  },
  {
    files: ['main/orchestrator/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: { 'max-lines': ['error', { max: 300, skipBlankLines: true, skipComments: true }] },
  },
  { files: ['test/**'], rules: { 'no-restricted-imports': restrict([electronOnlyInApp]) } },
  {
    files: ['renderer/**'],
    rules: {
      'no-restricted-imports': restrict([
        {
          group: ['node:*', 'fs', 'path', 'child_process', 'os'],
          message: 'The renderer has no Node: talk through the contract.',
        },
      ]),
    },
  },
  { files: ['**/*.mjs'], ...tseslint.configs.disableTypeChecked },
);
