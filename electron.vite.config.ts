import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';

/**
 * The dev server only: plugin-react injects an inline refresh preamble and Vite's client talks over a
 * WebSocket, both of which the production CSP forbids. Production builds keep index.html's CSP unchanged
 * (pinned by a test).
 */
const devCsp = (): Plugin => ({
  name: 'dev-csp',
  apply: 'serve',
  transformIndexHtml: (html) =>
    html.replace(/script-src 'self'/, "script-src 'self' 'unsafe-inline'").replace(/connect-src 'none'/, "connect-src 'self' ws: http://localhost:*"),
});

export default defineConfig({
  main: {
    build: {
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'src/main/index.ts'),
          // A worker thread's script (services/cache/open-off-thread.ts): large cache upgrades off the event loop.
          'cache-open-worker': resolve(__dirname, 'src/main/services/cache/open-worker.ts'),
        },
      },
    },
  },
  preload: {
    // Sandboxed preloads cannot require npm packages or sibling chunks: one CommonJS file,
    // with src/shared bundled in and nothing externalised.
    build: {
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(__dirname, 'src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    build: {
      minify: true,
      rollupOptions: {
        input: { index: resolve(__dirname, 'src/renderer/index.html') },
      },
    },
    plugins: [react(), devCsp()],
  },
});
