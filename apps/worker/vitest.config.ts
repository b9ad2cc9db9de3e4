import { defineConfig } from 'vitest/config';

// Tests run the BUILT worker (dist/bin.js and dist/chunk-thread.js, which the thread pool loads);
// turbo builds it before `@marginkit/worker#test`. The global setup starts a private redis-server.
export default defineConfig({
  resolve: { conditions: ['@marginkit/source', 'module', 'node', 'import', 'default'] },
  ssr: { resolve: { conditions: ['@marginkit/source', 'module', 'node', 'import', 'default'] } },
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/redis-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // The tests spawn worker processes with threads: one file at a time on a 2-core machine.
    fileParallelism: false,
  },
});
