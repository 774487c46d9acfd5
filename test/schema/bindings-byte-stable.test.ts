// `npm run gen` must be byte-stable: the same schema and generator give the same bindings every time, and the
// .gen/ the build compiles against is exactly what the committed schema generates. One fresh generation is
// compared with .gen/, which an earlier run on the same inputs wrote (the generator costs seconds per run).
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const SCRIPT = path.join(ROOT, 'scripts', 'generate-bindings.js');
// The up-to-date marker of the default run only; not part of the generated bindings.
const STAMP = '.schema-sha256';

function filesUnder(dir: string, base = dir): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const p = path.join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(p, base) : [path.relative(base, p)];
  }).sort();
}

function generateInto(outdir: string): void {
  execFileSync(process.execPath, [SCRIPT], { cwd: ROOT, env: { ...process.env, VCD_BINDINGS_OUTDIR: outdir }, stdio: 'pipe' });
}

describe('scripts/generate-bindings.js', () => {
  let tmp: string;
  let fresh: string;
  let genBefore: number;
  beforeAll(() => {
    genBefore = fs.statSync(path.join(ROOT, '.gen', 'constraints.json')).mtimeMs;
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bindings-'));
    fresh = path.join(tmp, 'fresh');
    generateInto(fresh);
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  // .gen/ (git-ignored) is only ever written by this script, in an earlier run (`npm run gen`, which `npm test`
  // runs first): comparing a fresh run with it compares two runs on the same inputs.
  it('generates the same files, byte for byte, as the earlier run that wrote .gen/', () => {
    const files = filesUnder(fresh);
    expect(files).toContain(path.join('providers', 'vcd', 'provider', 'index.ts'));
    expect(files).toContain('constraints.json');
    expect(files.length).toBeGreaterThan(20);
    const gen = path.join(ROOT, '.gen');
    expect(filesUnder(gen).filter((f) => f !== STAMP)).toEqual(files);
    for (const f of files) {
      expect({ file: f, same: fs.readFileSync(path.join(fresh, f)).equals(fs.readFileSync(path.join(gen, f))) }).toEqual({ file: f, same: true });
    }
  });

  it('leaves .gen/ alone and writes no stamp when VCD_BINDINGS_OUTDIR is set', () => {
    expect(fs.existsSync(path.join(fresh, STAMP))).toBe(false);
    expect(fs.existsSync(path.join(ROOT, '.gen', STAMP))).toBe(true);
    expect(fs.statSync(path.join(ROOT, '.gen', 'constraints.json')).mtimeMs).toBe(genBefore);
  });
});
