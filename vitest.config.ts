import { defineConfig } from 'vitest/config';

// One project per runtime (as Gitify's): the core in Node, the renderer's components in a DOM
// (happy-dom), and end to end in real headless Chromium against a running gateway.
export default defineConfig({
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
  test: {
    // Integration tests spawn real upstream processes and bind real ports; two cores here.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 30_000,
    projects: [
      {
        extends: true,
        test: { name: 'node', include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts', 'test/reliability/**/*.test.ts'], environment: 'node' },
      },
      {
        extends: true,
        test: { name: 'renderer', include: ['test/renderer/**/*.test.{ts,tsx}'], environment: 'happy-dom', setupFiles: ['test/renderer/setup-dom.ts'] },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          // Builds dist/renderer when the sources are newer than the build.
          globalSetup: ['test/e2e/build-renderer.ts'],
          // One browser at a time: Chromium and the 100 000-record log are heavy on two cores.
          fileParallelism: false,
          testTimeout: 180_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
