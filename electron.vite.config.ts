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

/**
 * main.tsx imports the app (src/root.tsx) dynamically, so that it can ask main for the first screen's data before
 * React and the panels are evaluated. Preloading that chunk and its imports from index.html starts their download
 * beside the entry's instead of after it. Same-origin module preloads: the CSP is unchanged.
 */
const preloadApp = (): Plugin => ({
  name: 'preload-app',
  apply: 'build',
  transformIndexHtml: {
    order: 'post',
    handler: (html, { bundle }) => {
      const root = Object.values(bundle ?? {}).find(
        (c) => c.type === 'chunk' && c.facadeModuleId === resolve(__dirname, 'src/renderer/src/root.tsx'),
      );
      if (!root || root.type !== 'chunk') throw new Error('preload-app: no chunk for src/renderer/src/root.tsx');
      // The entry and its own imports are in the page already.
      return [root.fileName, ...root.imports].filter((file) => !html.includes(file)).map((file) => ({
        tag: 'link',
        attrs: { rel: 'modulepreload', crossorigin: true, href: `./${file}` },
        injectTo: 'head' as const,
      }));
    },
  },
});

export default defineConfig({
  main: {
    build: {
      rollupOptions: {
        input: { index: resolve(__dirname, 'src/main/index.ts') },
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
    plugins: [react(), devCsp(), preloadApp()],
  },
});
