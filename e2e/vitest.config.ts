import { defineConfig } from 'vitest/config';

// Browser journeys: one server per file, Debian's Chromium driven by playwright-core. No retries.
export default defineConfig({
  test: {
    include: ['e2e/**/*.spec.ts'],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
    retry: 0,
  },
});
