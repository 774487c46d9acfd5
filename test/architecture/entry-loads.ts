// What requiring each package entry loads of the dependencies that are heavy or belong to one entry only:
// cdktf (constructs and bindings only), libsodium-wrappers (a WASM build, loaded on the first GitHub secret write,
// never on require). Shared by the in-repository test and the
// consumer test, which load the entries by the package's name through the exports map.
import { spawnSync } from 'node:child_process';

export const WATCHED_DEPENDENCIES = ['cdktf', 'libsodium-wrappers'] as const;
export type EntryLoads = Record<(typeof WATCHED_DEPENDENCIES)[number], boolean>;

const none: EntryLoads = { cdktf: false, 'libsodium-wrappers': false };

/** Per entry specifier; a new entry of the exports map needs a row here (the tests compare the key sets). */
export const EXPECTED_ENTRY_LOADS: Readonly<Record<string, EntryLoads>> = {
  'vcd-api-tokens': { ...none, cdktf: true },
  'vcd-api-tokens/client': none,
  'vcd-api-tokens/handoff': none,
  'vcd-api-tokens/bootstrap': none,
  'vcd-api-tokens/stores': none,
  'vcd-api-tokens/emulator': none,
  'vcd-api-tokens/provider-vcd': { ...none, cdktf: true },
};

/** Requires `entry` in a fresh Node process with `cwd` as the requiring directory, and reports what it loaded. */
export function entryLoads(entry: string, cwd: string, env: NodeJS.ProcessEnv): EntryLoads {
  const probe = [
    `require(${JSON.stringify(entry)});`,
    'const files = Object.keys(require.cache);',
    `const names = ${JSON.stringify(WATCHED_DEPENDENCIES)};`,
    "console.log(JSON.stringify(Object.fromEntries(names.map((n) => [n, files.some((f) => f.split(require('node:path').sep).join('/').includes('/node_modules/' + n + '/'))]))));",
  ].join('\n');
  const r = spawnSync(process.execPath, ['-e', probe], { cwd, env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${entry}: ${r.stderr}`);
  return JSON.parse(r.stdout) as EntryLoads;
}
