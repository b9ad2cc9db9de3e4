import { defineConfig } from 'vitest/config';

// Tests run against workspace packages' TypeScript sources (the `@marginkit/source` export
// condition), so a change in a dependency is tested without rebuilding it. Unlike the packages'
// configs, no `import`/`module` condition is forced: fastify plugins are CommonJS and `require`
// their dependencies (helmet), which must resolve to their CommonJS builds.
export default defineConfig({
  resolve: { conditions: ['@marginkit/source', 'node', 'default'] },
  ssr: { resolve: { conditions: ['@marginkit/source', 'node', 'default'] } },
  test: { include: ['test/**/*.test.ts'], testTimeout: 60_000, hookTimeout: 60_000 },
});
