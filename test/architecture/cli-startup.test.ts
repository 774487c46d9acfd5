// vcd-token runs at the start of every pipeline step: its commands must not load cdktf (half a second of start-up
// on every call). Only `bootstrap --synth` loads the synth tooling, and only when it runs.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const RUN_CLI = path.resolve(__dirname, '..', '..', 'dist', 'src', 'cli', 'run-cli.js');

test('loading vcd-token (every command) loads no cdktf module', () => {
  expect(fs.existsSync(RUN_CLI)).toBe(true); // `npm test` builds first
  const probe = `require(${JSON.stringify(RUN_CLI)}); const loaded = Object.keys(require.cache); console.log(JSON.stringify({ total: loaded.length, cdktf: loaded.filter((f) => /node_modules[\\\\/](cdktf|constructs)[\\\\/]/.test(f)) }));`;
  const r = spawnSync(process.execPath, ['-e', probe], { encoding: 'utf8', env: { ...process.env, CHECKPOINT_DISABLE: '1' } });
  expect(r.status).toBe(0);
  const { total, cdktf } = JSON.parse(r.stdout) as { total: number; cdktf: string[] };
  expect(total).toBeGreaterThan(20); // the CLI itself was loaded
  expect(cdktf).toEqual([]);
});

test('vcd-emulator answers --help and usage errors without loading the server', () => {
  const cli = path.resolve(__dirname, '..', '..', 'dist', 'src', 'emulator', 'cli.js');
  const probe = [
    `const { main } = require(${JSON.stringify(cli)});`,
    "const write = process.stdout.write.bind(process.stdout); process.stdout.write = () => true; process.stderr.write = () => true;",
    "(async () => { const codes = [await main(['--help']), await main(['--bogus'])];",
    "const loaded = Object.keys(require.cache).filter((f) => /start-emulator|request-handler/.test(f));",
    "write(JSON.stringify({ codes, loaded })); })();",
  ].join('\n');
  const r = spawnSync(process.execPath, ['-e', probe], { encoding: 'utf8' });
  expect(r.status).toBe(0);
  expect(JSON.parse(r.stdout)).toEqual({ codes: [0, 64], loaded: [] });
});
