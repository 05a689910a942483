import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

// Five projects, in three groups run one after the other: fast pure tests (two projects: `unit-isolated` for
// the files that mock a module or need one loaded fresh); integration and security against real `partykit dev` (one shared per project
// for the files that need default settings, see tests/helpers/shared-server-setup.ts); real Chromium for e2e.
export default defineConfig({
  test: {
    projects: [
      {
        plugins: [WxtVitest()],
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.{ts,tsx}'],
          // Files that mock a module (vi.mock) or need a module loaded fresh (`*.isolated.test.*`): project unit-isolated.
          exclude: ['tests/unit/**/*.isolated.test.{ts,tsx}'],
          setupFiles: ['tests/helpers/preact-signals-setup.ts'],
          environment: 'node',
          // Pure tests: two workers, and modules kept between files (no per-file re-import): 90 s → 34 s here.
          maxWorkers: 2,
          isolate: false,
          sequence: { groupOrder: 0 },
        },
      },
      {
        plugins: [WxtVitest()],
        test: {
          name: 'unit-isolated',
          include: ['tests/unit/**/*.isolated.test.{ts,tsx}'],
          setupFiles: ['tests/helpers/preact-signals-setup.ts'],
          environment: 'node',
          maxWorkers: 2,
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          name: 'integration',
          globalSetup: ['tests/helpers/shared-server-setup.ts', 'tests/helpers/maildev-setup.ts'],
          include: ['tests/integration/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: true,
          maxWorkers: 2,
          sequence: { groupOrder: 1 },
        },
      },
      {
        test: {
          name: 'security',
          globalSetup: ['tests/helpers/shared-server-setup.ts'],
          include: ['tests/security/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: true,
          maxWorkers: 2,
          sequence: { groupOrder: 1 },
        },
      },
      {
        test: {
          name: 'e2e',
          // Finds Chromium once, or stops the run with what to install (tests/helpers/find-chromium.ts).
          // One shared partykit dev for the files whose workspaces are their own (sharedServer()).
          globalSetup: ['tests/helpers/chromium-setup.ts', 'tests/helpers/shared-server-setup.ts', 'tests/helpers/maildev-setup.ts'],
          include: ['tests/e2e/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
});
