// `npm run test:faults`: the fault matrix (test/faults/*.faults.ts), every token-minting operation × every fault on
// every request, and the SIGKILL-after-each-request runs of create. Kept out of `npm test` (whose testMatch,
// *.test.ts, never picks these files up) because it is long; CI runs it after `npm test`. Without
// FAULT_MATRIX=full (`npx jest -c jest.faults.config.js`) each file runs a slice, for a quick local check.
const base = require('./jest.config.js');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  roots: ['<rootDir>/test/faults'],
  testMatch: ['**/*.faults.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
  testTimeout: 300000,
};
