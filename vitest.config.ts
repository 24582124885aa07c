import { defineConfig } from 'vitest/config';

// Unit tests (pure, no database) and integration tests (the real app on a real database:
// PGlite cloned from a migrated template, or PostgreSQL when DATABASE_URL is set).
export default defineConfig({
  test: {
    globalSetup: ['./test/global-setup.ts'],
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['src/**/*.test.{ts,tsx}'], exclude: ['src/**/*.int.test.{ts,tsx}'] },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['src/**/*.int.test.{ts,tsx}', 'test/**/*.int.test.{ts,tsx}'],
          exclude: ['src/**/*.tz.int.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      // Calendar tests, twice: a server in UTC and one in Paris must write the same times.
      ...['UTC', 'Europe/Paris'].map((tz) => ({
        extends: true as const,
        test: {
          name: `calendar TZ=${tz}`,
          include: ['src/**/*.tz.int.test.ts'],
          env: { TZ: tz },
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      })),
    ],
  },
});
