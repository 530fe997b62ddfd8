// Runtime boundaries (see docs/architecture.md): the linter holds the map so a stray import
// fails CI instead of failing at launch on a machine without Electron or in the sandboxed renderer.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'child_process', 'net', 'http', 'https', 'crypto', 'stream', 'url', 'util', 'events'];

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', 'docs/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
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
