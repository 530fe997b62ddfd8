// Runtime boundaries (see docs/architecture.md): the linter holds the map so a stray import
// fails CI instead of failing at launch on a machine without Electron or in the sandboxed renderer.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import { importX } from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

// The core's rooms (docs/architecture.md, "Layout"): folders import down, never up. Only the
// composition (gate.ts, pipeline.ts) reaches into every folder, and only api/ sits above it.
const GATE_FOLDERS = ['policy', 'approvals', 'calllog', 'state', 'upstream', 'gateway', 'http', 'control', 'text', 'presence'];
const SURFACES = ['cli', 'host', 'desktop', 'headless', 'notify', 'phone'];
const layering = [
  ...GATE_FOLDERS.map((folder) => ({
    target: `./main/gate/${folder}`,
    from: ['./main/gate/gate.ts', './main/gate/pipeline.ts', './main/gate/api'],
    message: `Bad layering: main/gate/${folder}/ is composed by gate.ts and pipeline.ts and served by api/; it must not import them.`,
  })),
  {
    target: ['./main/gate/*.ts', ...GATE_FOLDERS.map((folder) => `./main/gate/${folder}/**`)],
    from: './main/gate/api',
    message: 'Bad layering: main/gate/api/ is the contract\'s implementation for the surfaces, on top of the Gate; nothing in the core imports it.',
  },
  {
    target: './main/gate/text',
    from: ['./main', './preload'],
    except: ['./gate/text'],
    message: 'Bad layering: main/gate/text/ is pure text safety and canonical forms; it imports nothing of ours.',
  },
  {
    target: './main/kraken-mcp',
    from: ['./main', './preload'],
    except: ['./kraken-mcp'],
    message: 'Bad layering: main/kraken-mcp/ is what kraken-mcp publishes, as data; it imports nothing of ours.',
  },
  {
    target: ['./main/gate', './main/paper', './main/kraken-mcp', './main/clients', './preload'],
    from: SURFACES.map((surface) => `./main/${surface}`),
    message: 'Bad layering: the core (gate, paper, kraken-mcp, clients, the contract) never imports a surface (cli, host, desktop, headless, notify, phone).',
  },
];

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'child_process', 'net', 'http', 'https', 'crypto', 'stream', 'url', 'util', 'events'];

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', 'docs/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': importX.flatConfigs.typescript.settings['import-x/extensions'],
      'import-x/parsers': importX.flatConfigs.typescript.settings['import-x/parsers'],
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: ['tsconfig.json', 'renderer/tsconfig.json'], noWarnOnMultipleProjects: true })],
    },
    rules: {
      // An import circle makes load order matter and hides which module is the base of the other.
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-restricted-paths': ['error', { zones: layering }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    // Electron is reached through main/desktop/shell.ts; only its implementation, the entry point
    // and the preload bridge (main/desktop/electron/) import it, so everything else runs in plain
    // Node: headless serve, `serve --notify`, and the tests that drive the desktop app with a fake.
    files: ['**/*.ts', '**/*.mjs', '**/*.js'],
    ignores: ['main/desktop/electron/**'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [
          { name: 'electron', message: 'Bad layering: only main/desktop/electron/ imports electron; reach it through the DesktopShell interface (main/desktop/shell.ts).' },
          { name: 'electron-updater', message: 'Bad layering: only main/desktop/electron/ imports electron-updater; reach it through UpdaterShell (main/desktop/updates.ts).' },
        ],
      }],
    },
  },
  {
    files: ['main/gate/**'],
    ignores: ['main/gate/gateway/**', 'main/gate/upstream/**'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: 'Bad layering: main/gate runs in plain Node; only main/desktop/electron/ imports electron.' }],
        patterns: [{ group: ['@modelcontextprotocol/sdk', '@modelcontextprotocol/sdk/*'], message: 'Keep MCP SDK calls inside main/gate/gateway and main/gate/upstream so the move to the SDK v2 packages stays local.' }],
      }],
    },
  },
  { ...reactHooks.configs.flat.recommended, files: ['renderer/**/*.{ts,tsx}', 'test/renderer/**/*.{ts,tsx}'] },
  {
    files: ['renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: nodeBuiltins, message: 'Bad layering: the renderer runs sandboxed in a browser; talk to the core through preload/api.ts.' },
          { group: ['**/main/**', 'electron'], message: 'Bad layering: the renderer may only use the shared contract in preload/api.ts.' },
        ],
      }],
    },
  },
);
