import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Vitest's default on a 2-core machine is one worker: every file in turn. Most test time is spent waiting on child
    // processes (the AWS CLI, shells, the STS emulator), so a few files at once finish much sooner.
    maxWorkers: 3,
  },
});
