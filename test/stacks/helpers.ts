import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadEnvironmentsConfig, parseEnvironmentsConfig, type EnvironmentsConfig } from '../../src/config';

export const EXAMPLE_CONFIG = path.resolve(__dirname, '../../stacks/environments.json');

export function exampleConfig(): EnvironmentsConfig {
  return loadEnvironmentsConfig(EXAMPLE_CONFIG);
}

/** The example config with its raw document changed by `mutate` (validated like a file). */
export function mutatedConfig(mutate: (doc: any) => void): EnvironmentsConfig {
  const doc = JSON.parse(fs.readFileSync(EXAMPLE_CONFIG, 'utf8'));
  mutate(doc);
  return parseEnvironmentsConfig(doc, EXAMPLE_CONFIG);
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function readStack(outdir: string, name: string): any {
  return JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', name, 'cdk.tf.json'), 'utf8'));
}

export function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(p));
    else out.push(p);
  }
  return out;
}
