// `npm run build` ends with scripts/prune-dist.js, so a deleted module's compiled files do not linger in dist/
// and get packed into the tarball.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { tempDir } from '../stacks/helpers';

const { pruneDist } = require('../../scripts/prune-dist.js') as { pruneDist: (root: string) => string[] };

test('removes the outputs of deleted sources and keeps everything else', () => {
  const root = tempDir('prune-dist-');
  try {
    const write = (file: string) => { fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true }); fs.writeFileSync(path.join(root, file), ''); };
    for (const f of ['src/kept.ts', 'src/area/index.ts', '.gen/providers/vcd/index.ts']) write(f);
    const kept = ['dist/src/kept.js', 'dist/src/kept.d.ts', 'dist/src/kept.js.map', 'dist/src/area/index.js', 'dist/.gen/providers/vcd/index.d.ts', 'dist/.tsbuildinfo', 'dist/src/data.json'];
    const gone = ['dist/src/gone.js', 'dist/src/gone.d.ts', 'dist/src/gone.js.map', 'dist/src/area/old.js', 'dist/.gen/providers/vcd/removed/index.js'];
    for (const f of [...kept, ...gone]) write(f);
    expect(pruneDist(root).sort()).toEqual([...gone].sort());
    expect(kept.filter((f) => !fs.existsSync(path.join(root, f)))).toEqual([]);
    expect(pruneDist(root)).toEqual([]);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('npm run build prunes', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  expect(pkg.scripts.build).toMatch(/&& node scripts\/prune-dist\.js$/);
});
