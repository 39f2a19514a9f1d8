import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import tailwindcss from '@tailwindcss/vite';

// Three main-process entries share one build: the Electron app, the headless CLI and the browser-mode
// server. The CLI and the web server must never pull in electron (they run under plain Node).
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      // The YAML readers are bundled in: loading their dozens of modules one by one at every start
      // cost the CLI more than the rest of `config` (the start-up benchmark says how long it takes).
      externalizeDeps: { exclude: ['yaml', 'js-yaml'] },
      lib: {
        entry: {
          index: resolve('main/index.ts'),
          cli: resolve('main/cli/index.ts'),
          web: resolve('main/web/index.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      lib: { entry: resolve('preload/index.ts') },
      rolldownOptions: { output: { format: 'cjs', entryFileNames: '[name].cjs' } },
    },
  },
  renderer: {
    root: 'renderer',
    plugins: [react(), tailwindcss()],
    build: {
      outDir: resolve('out/renderer'),
      minify: true,
      rolldownOptions: { input: resolve('renderer/index.html') },
    },
  },
});
