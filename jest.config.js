// The test transform (test/transform-typescript.js) only strips types: `npm test` type-checks src (build), and the tests
// in test/types/type-check.test.ts, which the sequencer starts first so tsc overlaps the rest.
process.env.CHECKPOINT_DISABLE = '1';
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: '<rootDir>/test/jest-environment.js',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // Suites that install the packed package into apps run on their own: npm run test:consumer.
  testPathIgnorePatterns: ['/node_modules/', '\\.install\\.test\\.ts$'],
  transform: { '^.+\\.ts$': '<rootDir>/test/transform-typescript.js' },
  setupFiles: ['<rootDir>/test/setup-env.js'],
  setupFilesAfterEnv: ['<rootDir>/test/require-assertions.js'],
  globalSetup: '<rootDir>/test/global-setup.js',
  globalTeardown: '<rootDir>/test/global-teardown.js',
  testTimeout: 30000,
  // One more worker than the CI machine's 2 cores: the tests also wait on servers, timers and spawned processes, and
  // a third worker fills those waits (measured: jest 115 s against 126 s with two, same CPU time).
  maxWorkers: 3,
  // A worker whose event loop is empty exits at once (test/jest-environment.js), but the kernel then takes
  // 0.2-0.6 s to free its ~600 MB on a busy 2-core machine (measured: 'exit' 1 ms after jest's end message, the
  // parent sees the exit 200-350 ms later), past jest's default 500 ms grace, which then reports a leak that is
  // not there. A worker kept alive by a leaked handle never exits and is still reported, after 3 s.
  workerGracefulExitTimeout: 3000,
  testSequencer: '<rootDir>/test/sequencer.js',
  reporters: ['default', '<rootDir>/test/summary-reporter.js'],
};
