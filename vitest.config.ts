import { defineConfig } from 'vitest/config';

// test/unit and test/screens run from source (no build): `npm run test:unit`. test/e2e drives the built
// CLI in real processes and terminals: `npm test` builds first and runs everything.
export default defineConfig({
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    setupFiles: ['test/support/setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Two cores: end-to-end tests spawn many processes; more workers only add contention.
    maxWorkers: 2,
  },
});
