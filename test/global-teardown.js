// Removes the run's temp directory made by global-setup.js.
const fs = require('node:fs');

module.exports = async () => {
  const dir = process.env.VCD_API_TOKENS_TEST_TMPDIR;
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
};
