import { defineConfig } from 'vitest/config';

// Tests run against workspace packages' TypeScript sources (the `@marginkit/source`
// export condition), so a change in a dependency is tested without rebuilding it.
// CI runs every package's tests at once on 2 cores, sharing one disk: a hook that removes a
// temporary directory of thousands of files can take more than the default 10 s there.
export default defineConfig({
  resolve: { conditions: ['@marginkit/source', 'module', 'node', 'import', 'default'] },
  ssr: { resolve: { conditions: ['@marginkit/source', 'module', 'node', 'import', 'default'] } },
  test: { include: ['test/**/*.test.ts'], testTimeout: 60_000, hookTimeout: 60_000 },
});
