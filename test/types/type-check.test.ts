// The tests, benches and sources type-check together (`tsconfig.test.json`; the test transform only strips types). This runs
// inside jest rather than before it so that tsc's ~20 s of one core overlap the other tests' waits on servers and
// timers; test/sequencer.js starts it first. `npm run test:types` runs the same check on its own.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');

test('tsc -b tsconfig.test.json reports no error', () => {
  const tsc = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-b', 'tsconfig.test.json', '--pretty', 'false'], { cwd: ROOT, encoding: 'utf8' });
  // The diagnostics themselves are the failure message.
  expect({ exitCode: tsc.status, diagnostics: `${tsc.stdout}${tsc.stderr}`.trim() }).toEqual({ exitCode: 0, diagnostics: '' });
}, 180_000);
