// @ts-check
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

/** The process boundaries, as import rules (no-restricted-imports: one options object per file, so each set is whole). */
const electron = (message) => ({ name: 'electron', message });
const nodeBuiltins = (message) => [
  { group: ['node:*'], message },
  { group: builtinModules.filter((m) => !m.startsWith('_')), message },
];

const boundaries = {
  /** Services, simulator and CLI run in plain Node. */
  node: { paths: [electron('Services and shared code must run in plain Node: no electron imports.')] },
  /** Shared code runs in all three processes, the sandboxed preload and the renderer included. */
  shared: {
    paths: [electron('src/shared runs in every process: no electron imports.')],
    patterns: [
      ...nodeBuiltins('src/shared runs in the renderer and the sandboxed preload too: no Node built-ins.'),
      {
        group: ['**/main/**', '**/renderer/**', '**/preload/**'],
        message: 'src/shared depends on nothing but itself and npm packages.',
      },
    ],
  },
  renderer: {
    paths: [electron('The renderer talks to main only through window.api.')],
    patterns: [
      {
        group: ['**/main/**', '**/preload/**'],
        message: 'The renderer may import src/shared, never main or preload code.',
      },
    ],
  },
  /** The Electron glue: ipcMain is the IPC module's alone (src/main/electron/ipc.ts). */
  glue: {
    paths: [
      {
        name: 'electron',
        importNames: ['ipcMain', 'ipcRenderer'],
        message: 'Register handlers and send events through src/main/electron/ipc.ts.',
      },
    ],
  },
  /** The sandboxed preload bundles what it imports: the zod-free channel table only, never the schemas. */
  preload: {
    patterns: [
      {
        group: ['zod', 'zod/*'],
        message: 'The preload must stay zod-free (it bundles all it imports); main validates.',
      },
      {
        group: ['**/ipc/schemas'],
        allowTypeImports: true,
        message: 'The preload imports ./channels; schemas pull in zod.',
      },
      { group: ['**/main/**'], message: 'The preload imports electron and src/shared only.' },
    ],
  },
};
const restrict = (options) => ({ 'no-restricted-imports': ['error', options] });

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'dist/**', '.tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // Type-aware: a promise nobody awaits, returns or marks `void` is a failure nobody hears about.
    files: ['**/*.{ts,tsx,mts,cts}'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: { '@typescript-eslint/no-floating-promises': 'error' },
  },
  {
    files: ['src/main/services/**/*.ts', 'src/main/simulator/**/*.ts', 'src/main/cli/**/*.ts'],
    rules: restrict(boundaries.node),
  },
  { files: ['src/shared/**/*.ts'], rules: restrict(boundaries.shared) },
  {
    files: ['src/main/electron/**/*.ts', 'src/main/index.ts'],
    ignores: ['src/main/electron/ipc.ts'],
    rules: restrict(boundaries.glue),
  },
  { files: ['src/preload/**/*.ts'], rules: restrict(boundaries.preload) },
  {
    // Raw webContents.send bypasses the typed event table; the IPC module's createEventSender is the one way.
    files: ['src/main/**/*.ts'],
    ignores: ['src/main/electron/ipc.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector:
            "CallExpression[callee.type='MemberExpression'][callee.property.name=/^(send|sendToFrame|postMessage)$/]",
          message:
            'Send main → renderer events with createEventSender (src/main/electron/ipc.ts), typed by the channel table.',
        },
      ],
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}', 'test/unit/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  { files: ['src/renderer/**/*.{ts,tsx}'], rules: restrict(boundaries.renderer) },
);
