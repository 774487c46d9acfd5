// Synthesizes any cdktf App the way this project's stacks are synthesized: app.synth(), then the offline schema
// check of every stack, then (optionally) formatted HCL. When construct validations fail, every stack's
// findings are listed in one error, not only those of the first stack cdktf happened to stop at.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { App, Aspects, TerraformStack } from 'cdktf';
import { IConstruct } from 'constructs';
import { ApiTokenAuthGuard } from '../constructs/api-token-auth-guard';
import { assertSingleCdktf } from '../constructs/private/single-cdktf';
import '../constructs/private/terraform-output-is-array';
import { renderHcl } from './hcl-render';
import { readCdktfManifest, readSynthesizedStacks, type SynthesizedStack } from './manifest';
import { checkStacksDuringSynth } from './check-as-synthesized';
import { formatSchemaFinding, ProviderSchemaIndex } from './schema-check';
import { SynthError } from './synth-error';

export interface SynthesizeAppOptions {
  /** Check every stack against the provider schema (an offline `terraform validate`). @default true */
  readonly schemaCheck?: boolean;
  /** Write formatted HCL (cdk.tf) instead of JSON (cdk.tf.json), see renderHcl. @default false */
  readonly hcl?: boolean;
  /** The provider schema to check and render with. @default the committed schema/vcd-provider-schema.json */
  readonly schema?: ProviderSchemaIndex;
}

export interface AppSynthesis {
  /** Absolute output directory. */
  readonly outdir: string;
  /** The stacks written, in cdktf's manifest order. */
  readonly stacks: readonly SynthesizedStack[];
}

/** cdktf 0.21 reports failed validations and error annotations as plain Errors; only their wording tells them apart from crashes. */
const CDKTF_VALIDATION_FAILURE = /^(Validation failed with the following errors:|App-level validation failed with the following errors:|Encountered Annotations with level "ERROR":)/;

/** True for the error cdktf throws when construct validations or error annotations fail synth. */
export function isCdktfValidationFailure(err: unknown): err is Error {
  return err instanceof Error && CDKTF_VALIDATION_FAILURE.test(err.message);
}

/**
 * Synthesizes `app` into its outdir and checks the result. Throws SYNTH_VALIDATION_FAILED listing the findings
 * of every stack, or SYNTH_SCHEMA_INVALID listing every schema problem.
 */
export function synthesizeApp(app: App, options: SynthesizeAppOptions = {}): AppSynthesis {
  assertSingleCdktf(app);
  const outdir = path.resolve(app.outdir);
  const schema = options.hcl || options.schemaCheck !== false ? (options.schema ?? defaultSchema()) : undefined;
  const staleHcl = staleHclFiles(outdir);
  const stacks = stacksUnder(app);
  const check = options.schemaCheck !== false && schema !== undefined ? checkStacksDuringSynth(stacks, schema) : undefined;
  try {
    app.synth();
  } catch (err) {
    if (!isCdktfValidationFailure(err)) throw err;
    throw validationFailure(app, err);
  } finally {
    check?.restore();
  }
  const written = readSynthesizedStacks(outdir);
  // A previous HCL synth left cdk.tf next to the new cdk.tf.json, and Terraform would load both.
  for (const file of staleHcl) if (fs.existsSync(file)) fs.rmSync(file, { force: true });
  if (check !== undefined && check.findings.length > 0) {
    throw new SynthError(
      'SYNTH_SCHEMA_INVALID',
      `synthesized stacks do not match schema/vcd-provider-schema.json:\n${check.findings.map((f) => `  ${formatSchemaFinding(f)}`).join('\n')}`,
    );
  }
  if (!options.hcl) return { outdir, stacks: written };
  renderHcl(outdir, schema);
  return { outdir, stacks: readSynthesizedStacks(outdir) };
}

/**
 * Every stack under `root`, in the order of `root.node.findAll()`. Walked here rather than with findAll: a
 * whole-tree findAll just before app.synth() kept V8 from inlining cdktf's own two findAll calls per stack, which
 * then cost about 50 ms at 3,000 stacks in node --cpu-prof profiles, several times this walk.
 */
function stacksUnder(root: IConstruct): TerraformStack[] {
  const stacks: TerraformStack[] = [];
  const walk = (c: IConstruct): void => {
    if (TerraformStack.isStack(c)) stacks.push(c);
    for (const child of c.node.children) walk(child);
  };
  walk(root);
  return stacks;
}

/**
 * The cdk.tf files an earlier synth into `outdir` may have left: every stack directory's, unless the earlier
 * manifest shows a JSON synth (then there are none, and a large app is spared a file check per stack).
 */
function staleHclFiles(outdir: string): string[] {
  const stacksDir = path.join(outdir, 'stacks');
  if (!fs.existsSync(stacksDir)) return [];
  try {
    const previous = readCdktfManifest(outdir);
    if (Object.values(previous.stacks).every((s) => s.synthesizedStackPath.endsWith('.json'))) return [];
  } catch {
    // No readable manifest: an interrupted synth or render; look in every stack directory.
  }
  return fs.readdirSync(stacksDir).map((name) => path.join(stacksDir, name, 'cdk.tf'));
}

let cachedSchema: ProviderSchemaIndex | undefined;
function defaultSchema(): ProviderSchemaIndex {
  return (cachedSchema ??= ProviderSchemaIndex.fromFile());
}

/**
 * Every finding of every stack, after cdktf stopped at the first failing one: the validations and error
 * annotations of all stacks (the guard is run on stacks cdktf had not reached yet; it reports each resource once).
 * An aspect guard is run here; the validation form runs as the stack's own validation, which the loop below
 * reads before the stack's resources.
 */
function validationFailure(app: App, cause: Error): SynthError {
  const stacks = app.node.findAll().filter((c): c is TerraformStack => TerraformStack.isStack(c));
  for (const stack of stacks) {
    for (const guard of Aspects.of(stack).all.filter((a) => ApiTokenAuthGuard.isApiTokenAuthGuard(a))) {
      for (const node of stack.node.findAll()) guard.visit(node);
    }
  }
  const seen = new Set<string>();
  const findings: string[] = [];
  const failingStacks = new Set<string>();
  const add = (scope: IConstruct, message: string, stack: string): void => {
    const line = `[${scope.node.path}] ${message}`;
    if (seen.has(line)) return;
    seen.add(line);
    findings.push(line);
    failingStacks.add(stack);
  };
  // An App created with skipValidation fails only on error annotations; its validations stay unreported.
  const validations = !app.skipValidation;
  for (const stack of stacks) {
    for (const node of stack.node.findAll()) {
      if (validations) for (const message of node.node.validate()) add(node, message, stack.node.path);
      for (const entry of node.node.metadata) if (entry.type === '@cdktf/error') add(node, String(entry.data), stack.node.path);
    }
  }
  if (validations) for (const message of app.node.validate()) add(app, message, '(app)');
  if (findings.length === 0) return new SynthError('SYNTH_VALIDATION_FAILED', cause.message, { cause });
  return new SynthError(
    'SYNTH_VALIDATION_FAILED',
    `${findings.length} problem(s) in ${failingStacks.size} stack(s); fix them and synthesize again:\n${findings.map((f) => `  ${f.split('\n').join('\n  ')}`).join('\n')}`,
    { cause },
  );
}
