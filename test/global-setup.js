// Every temp file of a test run (cdktf's Testing.app() outdirs, emulator state, token dirs) goes under one
// private directory that global-teardown.js removes, so a run leaves nothing behind in the system temp dir.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

module.exports = async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vcd-api-tokens-test-'));
  process.env.VCD_API_TOKENS_TEST_TMPDIR = dir;
  process.env.TMPDIR = dir; // inherited by jest workers and every process the tests spawn
};
