import { defineConfig } from 'tsup';

// Two entries: the command, and the worker-thread module the pool loads from dist/ beside it.
export default defineConfig({
  entry: ['src/bin.ts', 'src/chunk-thread.ts'],
  format: ['esm'],
  target: 'node20',
  dts: false,
  sourcemap: true,
  clean: true,
  tsconfig: 'tsconfig.build.json',
  banner: { js: '#!/usr/bin/env node' },
});
