import { defineConfig } from 'vitest/config';

// `npm run test:stress`: the slow part of the reliability suite (load, crash, mass approvals).
export default defineConfig({
  test: {
    include: ['test/stress/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    maxWorkers: 1,
    testTimeout: 300_000,
    hookTimeout: 60_000,
  },
});
