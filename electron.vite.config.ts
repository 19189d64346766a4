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
 * React and the panels are evaluated; the panels below the fold and Nivo are chunks of their own (App.tsx,
 * lib/nivo.ts). index.html preloads every chunk, so they download beside the entry instead of one after the
 * other and are only evaluated when first used. Same-origin module preloads: the CSP is unchanged.
 */
const preloadChunks = (): Plugin => ({
  name: 'preload-chunks',
  apply: 'build',
  transformIndexHtml: {
    order: 'post',
    handler: (html, { bundle }) =>
      Object.values(bundle ?? {})
        // The entry and its own imports are in the page already.
        .filter((c) => c.type === 'chunk' && !html.includes(c.fileName))
        .map((c) => ({
          tag: 'link',
          attrs: { rel: 'modulepreload', crossorigin: true, href: `./${c.fileName}` },
          injectTo: 'head' as const,
        })),
  },
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
        // Four chunks rather than one per dynamic import and per set of modules they share (each is a request to
        // main): what the entry imports, Nivo, the lazy panels, and the rest of the app.
        output: {
          codeSplitting: {
            // A group takes only the modules it names (not, say, the React that Nivo imports).
            includeDependenciesRecursively: false,
            groups: [
              { name: 'entry', tags: ['$initial'], priority: 4 },
              { name: 'nivo', test: /[\\/]node_modules[\\/](@nivo|d3-|@react-spring|lodash|react-virtualized-auto-sizer|internmap|delaunator|robust-predicates)/, priority: 3 },
              { name: 'panels', test: /[\\/]src[\\/]renderer[\\/]src[\\/]features[\\/](limits|outcomes|sessions|settings)[\\/]|ProfilesSection/, priority: 2 },
              { name: 'app', test: /./, priority: 1 },
            ],
          },
        },
      },
    },
    plugins: [react(), devCsp(), preloadChunks()],
  },
});
