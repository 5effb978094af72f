import { defineConfig } from 'vitest/config';

// Most suites wait on real clients (openconnect, ssh, chromium) rather than burn CPU, so two
// files run side by side even on a 2-core machine.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 120_000,
    // a headend child started by a test opens no TUN in the host's namespace unless the test asks
    env: { HEADEND_TUN: 'off' },
  },
});
