import { copyFileSync, mkdirSync } from 'node:fs';
import { defineConfig } from 'tsup';

// The bundled sample the service starts on when nothing is configured (see src/sample.ts).
const SAMPLE = [
  '../../fixtures/hkex-2016-sample/rpf______-_____-__-_____-160930.lis',
  '../../fixtures/hkex-2016-sample/catalogue.csv',
  '../../fixtures/var/rpf01-small.csv',
];

export default defineConfig({
  entry: ['src/main.ts', 'src/index.ts'],
  format: ['esm'],
  target: 'node20',
  dts: { entry: 'src/index.ts' },
  sourcemap: true,
  clean: true,
  tsconfig: 'tsconfig.build.json',
  banner: { js: '#!/usr/bin/env node' },
  onSuccess: async () => {
    mkdirSync('dist/sample', { recursive: true });
    for (const file of SAMPLE) copyFileSync(file, `dist/sample/${file.split('/').pop() as string}`);
  },
});
