// `npm run test:contract`: the protocol checks of test/contract/ against VCD_URL (a real VCD) or, by default, against
// emulators the suite starts (VCD_CONTRACT_VERSIONS, default every supported release). Kept out of `npm test`: its
// files end in .contract.ts, which the main config's testMatch (*.test.ts) never picks up.
process.env.CHECKPOINT_DISABLE = '1';
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test/contract'],
  testMatch: ['**/*.contract.ts'],
  transform: { '^.+\\.ts$': '<rootDir>/test/transform-typescript.js' },
  setupFiles: ['<rootDir>/test/setup-env.js'],
  globalSetup: '<rootDir>/test/contract/support/contract-global-setup.js',
  globalTeardown: '<rootDir>/test/global-teardown.js',
  // One check at a time: against a real VCD the checks create and remove objects and must not race.
  maxWorkers: 1,
  testTimeout: 120000,
  reporters: ['default', '<rootDir>/test/contract/support/contract-reporter.js', '<rootDir>/test/summary-reporter.js'],
};
