import { defineConfig } from 'vitest/config';

// Two projects: `unit` runs anywhere with no infrastructure; `integration` talks to the real
// Kafka / Redis / PostgreSQL started by deploy/local/infra.sh (or testcontainers with Docker).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          sequence: { groupOrder: 0 },
          include: [
            'packages/*/src/**/*.test.ts',
            'packages/*/scripts/**/*.test.ts',
            'services/*/src/**/*.test.ts',
            'protos/src/**/*.test.ts',
            'test/**/*.test.ts',
          ],
          exclude: ['**/*.int.test.ts', '**/node_modules/**'],
        },
      },
      {
        test: {
          name: 'integration',
          sequence: { groupOrder: 1 },
          include: ['packages/*/src/**/*.int.test.ts', 'services/*/src/**/*.int.test.ts', 'test/**/*.int.test.ts'],
          exclude: ['**/node_modules/**'],
          globalSetup: ['packages/testing/src/global-setup.ts', 'packages/testing/src/build-services-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // Two cores: integration files share one broker; run a couple at a time.
          maxWorkers: 2,
          fileParallelism: true,
        },
      },
    ],
  },
});
