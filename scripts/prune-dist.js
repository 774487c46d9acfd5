#!/usr/bin/env node
// Removes compiled files in dist/ whose TypeScript source is gone. tsc (incremental) never deletes outputs, so a
// module deleted or renamed in the sources would otherwise stay in dist/ and be packed into the tarball by
// `npm pack`: a module users could still load, but that no source or test backs. Runs at the end of `npm run build`.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const OUTPUT = /(\.d\.ts|\.d\.ts\.map|\.js|\.js\.map)$/;

/** Deletes every output under `<root>/dist` without `<root>/<same path>.ts`; returns the deleted paths (relative). */
function pruneDist(root) {
  const dist = path.join(root, 'dist');
  const removed = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) { walk(file); continue; }
      const match = OUTPUT.exec(entry.name);
      if (!match) continue; // .tsbuildinfo, JSON copied by resolveJsonModule, ...
      const source = path.join(root, path.relative(dist, dir), `${entry.name.slice(0, -match[1].length)}.ts`);
      if (!fs.existsSync(source)) {
        fs.rmSync(file);
        removed.push(path.relative(root, file));
      }
    }
  };
  if (fs.existsSync(dist)) walk(dist);
  return removed;
}

module.exports = { pruneDist };

if (require.main === module) {
  const removed = pruneDist(path.resolve(__dirname, '..'));
  if (removed.length > 0) process.stderr.write(`prune-dist: removed ${removed.length} output(s) of deleted sources (e.g. ${removed[0]})\n`);
}
