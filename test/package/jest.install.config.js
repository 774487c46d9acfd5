// `npm run test:consumer`: the suites that pack the package and install it into apps (npm install, from the cache
// where it can). Kept out of `npm test`, which must not depend on npm installs.
const path = require('node:path');
const base = require('../../jest.config.js');

module.exports = {
  ...base,
  rootDir: path.resolve(__dirname, '..', '..'),
  roots: ['<rootDir>/test/package'],
  testMatch: ['**/*.install.test.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
  maxWorkers: 1,
};
