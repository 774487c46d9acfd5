// The project root is the directory holding cdktf.json. Resolved by walking up from this file, so the same
// code works from stacks/ (ts-jest) and from dist/stacks/ (compiled), whatever the working directory is.
import * as fs from 'node:fs';
import * as path from 'node:path';

let cached: string | undefined;

export function projectRoot(): string {
  if (cached !== undefined) return cached;
  let dir = __dirname;
  for (;;) {
    if (fs.existsSync(path.join(dir, 'cdktf.json')) && fs.existsSync(path.join(dir, 'package.json'))) return (cached = dir);
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`cannot find the project root (a directory with cdktf.json) above ${__dirname}`);
    dir = parent;
  }
}
