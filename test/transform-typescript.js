// Jest transform for the TypeScript sources and tests: sucrase strips the types and turns imports into CommonJS
// requires with plain `exports.name = ...` assignments (as tsc does, so jest.spyOn on a module's exports works as in
// the build). It does not check types: the type check does (test/types/type-check.test.ts). Class fields and other
// ES2022 syntax are left to Node as written (tsconfig's target is ES2022, so tsc leaves them too).
// Why not ts-jest: it ran TypeScript's transpileModule, 10-20 ms of CPU per file, and each of jest's workers
// transformed the shared sources again while the cache was cold, as on every fresh clone (CI): about 30 s of CPU
// for ~400 files. Sucrase takes 1-2 ms a file.
const { createHash } = require('node:crypto');
const { readFileSync } = require('node:fs');
const path = require('node:path');
const { transform } = require('sucrase');

const OPTIONS = {
  transforms: ['typescript', 'imports'],
  // Leave class fields, optional chaining and the like to Node (as tsc does for target ES2022).
  disableESTransforms: true,
  // No development-only helpers (JSX ones are the only kind, and there is no JSX).
  production: true,
};

// The key covers what the output depends on: the file and its path, sucrase's version and options, this file.
const fixedKey = createHash('sha256')
  .update(readFileSync(__filename))
  .update(require('sucrase/package.json').version)
  .update(JSON.stringify(OPTIONS))
  .digest('hex');

module.exports = {
  getCacheKey(sourceText, sourcePath) {
    return createHash('sha256').update(fixedKey).update(sourcePath).update('\0').update(sourceText).digest('hex');
  },
  process(sourceText, sourcePath) {
    const out = transform(sourceText, {
      ...OPTIONS,
      filePath: sourcePath,
      sourceMapOptions: { compiledFilename: path.basename(sourcePath) },
    });
    return { code: out.code, map: out.sourceMap };
  },
};
