// The stacks a cdktf synth wrote, read from `<outdir>/manifest.json` (cdktf's own record of them), so any
// app's output can be reported and post-processed, not only this project's stacks.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { effectiveVcdAuthType } from '../constructs/api-token-auth-rules';
import { SynthError } from './synth-error';

/** cdktf's manifest.json as far as this toolkit reads and rewrites it. */
export interface CdktfManifest {
  readonly version: string;
  readonly stacks: Record<string, { readonly name: string; readonly workingDirectory: string; synthesizedStackPath: string } & Record<string, unknown>>;
}

/** One synthesized stack. */
export interface SynthesizedStack {
  readonly name: string;
  /** Absolute directory of the stack (Terraform's working directory). */
  readonly dir: string;
  /** Absolute path of the synthesized configuration (cdk.tf.json, or cdk.tf for HCL). */
  readonly file: string;
}

export function manifestFile(outdir: string): string {
  return path.join(outdir, 'manifest.json');
}

/** Reads cdktf's manifest; throws SYNTH_NO_MANIFEST naming the file when it is missing or not a manifest. */
export function readCdktfManifest(outdir: string): CdktfManifest {
  const file = manifestFile(outdir);
  let doc: unknown;
  try {
    doc = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'it does not exist' : 'it cannot be read as JSON';
    throw new SynthError('SYNTH_NO_MANIFEST', `No cdktf manifest at ${file}: ${reason}. Synthesize the app first (its App writes it at the end of app.synth()).`, { cause: err });
  }
  const stacks = (doc as { stacks?: unknown }).stacks;
  if (typeof stacks !== 'object' || stacks === null) {
    throw new SynthError('SYNTH_NO_MANIFEST', `${file} is not a cdktf manifest: it has no "stacks" object.`);
  }
  return doc as CdktfManifest;
}

/** The stacks of a synthesized output directory, in manifest order. */
export function readSynthesizedStacks(outdir: string): SynthesizedStack[] {
  const root = path.resolve(outdir);
  return Object.values(readCdktfManifest(root).stacks).map((s) => ({
    name: s.name,
    dir: path.join(root, s.workingDirectory),
    file: path.join(root, s.synthesizedStackPath),
  }));
}

/**
 * How the stack's default vcd provider authenticates (effectiveVcdAuthType of its JSON block); undefined without
 * a vcd provider, or for HCL output.
 */
export function stackAuthType(stack: SynthesizedStack): string | undefined {
  if (!stack.file.endsWith('.json')) return undefined;
  try {
    const doc = JSON.parse(fs.readFileSync(stack.file, 'utf8')) as { provider?: { vcd?: Record<string, unknown>[] } };
    const providers = doc.provider?.vcd ?? [];
    const provider = providers.find((p) => p.alias === undefined) ?? providers[0];
    return provider === undefined ? undefined : effectiveVcdAuthType(provider);
  } catch {
    return undefined;
  }
}
