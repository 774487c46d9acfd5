// `vcd-api-tokens/<version> (node/<v>)`. The version is read from this package's package.json, found by
// walking up from this file, so it works from src/ (under jest) and from dist/src/ (built).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

let cached: string | undefined;

export function packageVersion(): string {
  if (cached !== undefined) return cached;
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'vcd-api-tokens' && typeof pkg.version === 'string') {
        cached = pkg.version;
        return cached;
      }
    } catch {
      // not here; keep walking up
    }
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  cached = '0.0.0';
  return cached;
}

export function defaultUserAgent(): string {
  return `vcd-api-tokens/${packageVersion()} (node/${process.versions.node})`;
}
