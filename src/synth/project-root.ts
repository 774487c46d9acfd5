// Where things are, found by walking up from this file, so the same code works from the sources (under jest), from
// dist/ (compiled) and from an installed copy of the package, whatever the working directory is.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SynthError } from './synth-error';

/** The committed vmware/vcd provider schema, relative to the package root. */
const PROVIDER_SCHEMA = path.join('schema', 'vcd-provider-schema.json');

const found = new Map<string, string | undefined>();

/** The nearest directory above this file that contains every one of `entries`. */
function findUp(entries: readonly string[]): string | undefined {
  const key = entries.join('\0');
  if (found.has(key)) return found.get(key);
  let result: string | undefined;
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    if (entries.every((e) => fs.existsSync(path.join(dir, e)))) {
      result = dir;
      break;
    }
    if (path.dirname(dir) === dir) break;
  }
  found.set(key, result);
  return result;
}

/** This repository's root: the directory holding cdktf.json (the stacks app's default paths are relative to it). */
export function projectRoot(): string {
  const root = findUp(['cdktf.json', 'package.json']);
  if (root === undefined) throw new SynthError('SYNTH_NO_APP', `Cannot find the project root (a directory with cdktf.json and package.json) above ${__dirname}.`);
  return root;
}

/** The provider schema the offline check and the HCL renderer use (shipped with the package). */
export function providerSchemaFile(): string {
  const root = findUp([PROVIDER_SCHEMA]);
  if (root === undefined) {
    throw new SynthError('SYNTH_NO_SCHEMA', `Cannot find ${PROVIDER_SCHEMA} above ${__dirname}: this copy of vcd-api-tokens is incomplete; reinstall it.`);
  }
  return path.join(root, PROVIDER_SCHEMA);
}
