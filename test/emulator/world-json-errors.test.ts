// A broken seed or state file must not have its content echoed: parser messages quote the text around the error.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { inspect } from 'node:util';
import { loadSeedFile } from '../../src/emulator/world/seed';
import { loadStateFile } from '../../src/emulator/world/persistence';

const CANARY = 'hunter2-CANARY-7f3a9c';

describe('emulator world files with broken JSON', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'world-json-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const caught = (fn: () => unknown): unknown => {
    try {
      fn();
    } catch (err) {
      return err;
    }
    throw new Error('expected an error');
  };

  it.each([
    ['seed', (file: string) => loadSeedFile(file), 'SEED_NOT_JSON'],
    ['state', (file: string) => loadStateFile(file), 'STATE_NOT_JSON'],
  ])('%s file: the error has its code and never the file content', (_kind, load, code) => {
    const file = path.join(dir, `${code}.json`);
    fs.writeFileSync(file, `{"orgs": [{"name": "acme", "secret": ${CANARY}}]}`);
    const err = caught(() => load(file)) as Error & { code?: string };
    expect(err.code).toBe(code);
    for (const text of [err.message, String(err.stack), JSON.stringify(err), inspect(err, { depth: Infinity })]) {
      expect(text).not.toContain(CANARY);
      expect(text).not.toContain('hunter2');
    }
  });
});
