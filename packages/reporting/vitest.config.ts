import { defineConfig } from 'vitest/config';

// Tests run against workspace packages' TypeScript sources (the `@marginkit/source`
// export condition), so a change in a dependency is tested without rebuilding it.
export default defineConfig({
  resolve: { conditions: ['@marginkit/source', 'module', 'node', 'import', 'default'] },
  ssr: { resolve: { conditions: ['@marginkit/source', 'module', 'node', 'import', 'default'] } },
  test: { include: ['test/**/*.test.ts'], testTimeout: 60_000, hookTimeout: 60_000 },
});
