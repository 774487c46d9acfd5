// synthesizeApp and renderHcl on apps built the way users build them (not this repository's stacks): all
// findings of all stacks in one synth, the schema check, HCL output, and the manifest kept in step.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, TerraformResource, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { ApiTokenGlobalRole, ApiTokenRightsBundle, VcdApiTokenProvider, VcdPasswordProvider } from '../../src/constructs';
import { isVcdApiTokensError } from '../../src/errors';
import { renderHcl, SynthError, synthesizeApp } from '../../src/synth';
import { readSynthesizedStacks, stackAuthType } from '../../src/synth/manifest';

const URL = 'https://vcd.example.com/api';
let outdir: string;
beforeEach(() => {
  outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'synthesize-app-'));
});
afterEach(() => fs.rmSync(outdir, { recursive: true, force: true }));

/** A user's app: a platform stack per environment, each with a token rights bundle for its VCD version. */
function platformApp(versions: Readonly<Record<string, { version: string; extraRights?: string[] }>>): App {
  const app = new App({ outdir });
  for (const [env, { version, extraRights }] of Object.entries(versions)) {
    const stack = new TerraformStack(app, `${env}-platform`);
    new VcdPasswordProvider(stack, 'vcd', { url: URL });
    new ApiTokenRightsBundle(stack, 'tokens', { name: 'API Token Rights', vcdVersion: version, tenants: ['acme'], ...(extraRights ? { extraRights } : {}) });
  }
  return app;
}

function synthError(run: () => unknown): SynthError {
  try {
    run();
  } catch (err) {
    expect(isVcdApiTokensError(err)).toBe(true);
    return err as SynthError;
  }
  throw new Error('expected synth to fail');
}

describe('synthesizeApp', () => {
  const broken = { dev: { version: '10.2' }, test: { version: '10.4', extraRights: ['Limited Service Accounts View'] }, prod: { version: 'latest' } };

  test("version and catalogue errors of every environment are reported in one synth (cdktf's app.synth stops at the first stack)", () => {
    const err = synthError(() => synthesizeApp(platformApp(broken)));
    expect(err.code).toBe('SYNTH_VALIDATION_FAILED');
    expect(err.message).toMatch(/^3 problem\(s\) in 3 stack\(s\); fix them and synthesize again:\n/);
    expect(err.message).toContain('[dev-platform/tokens] [CONSTRUCT_UNSUPPORTED_VCD_VERSION] vcdVersion: VCD 10.2 is not supported.');
    expect(err.message).toContain('[test-platform/tokens] [CONSTRUCT_RIGHT_ABSENT_IN_VERSION] VCD 10.4 does not have the right "Limited Service Accounts View" (first in VCD 10.4.1).');
    expect(err.message).toContain('[prod-platform/tokens] [CONSTRUCT_INVALID_VCD_VERSION] vcdVersion: "latest" is not a VCD version.');

    fs.rmSync(outdir, { recursive: true, force: true });
    let cdktfMessage = '';
    try {
      platformApp(broken).synth();
    } catch (e) {
      cdktfMessage = (e as Error).message;
    }
    expect(cdktfMessage).toContain('dev-platform/tokens');
    expect(cdktfMessage).not.toContain('prod-platform/tokens');
  });

  test('guard findings of stacks cdktf never reached are listed too, each once', () => {
    const app = platformApp({ dev: { version: '10.2' } });
    for (const id of ['tenant-a', 'tenant-b']) {
      const stack = new TerraformStack(app, id);
      new VcdApiTokenProvider(stack, 'vcd', { url: URL, org: 'acme' });
      new TerraformResource(stack, 'user', { terraformResourceType: 'vcd_org_user' });
    }
    const err = synthError(() => synthesizeApp(app));
    expect(err.message).toMatch(/^3 problem\(s\) in 3 stack\(s\)/);
    for (const id of ['tenant-a', 'tenant-b']) {
      expect(err.message.split(`[${id}/user] [CONSTRUCT_GUARD_TOKEN_SESSION_RESTRICTED] vcd_org_user under auth_type "api_token"`)).toHaveLength(2);
    }
  });

  test('an App with skipValidation reports its error annotations only (e.g. the guard), not the validations it skipped', () => {
    const app = new App({ outdir, skipValidation: true });
    const platform = new TerraformStack(app, 'platform');
    new VcdPasswordProvider(platform, 'vcd', { url: URL });
    // A role whose right no bundle publishes: a validation only.
    new ApiTokenGlobalRole(platform, 'role', { name: 'R', kind: 'automation', tenants: ['acme'] });
    const tenant = new TerraformStack(app, 'tenant');
    new VcdApiTokenProvider(tenant, 'vcd', { url: URL, org: 'acme' });
    new TerraformResource(tenant, 'user', { terraformResourceType: 'vcd_org_user' });
    const err = synthError(() => synthesizeApp(app));
    expect(err.message).toMatch(/^1 problem\(s\) in 1 stack\(s\)/);
    expect(err.message).toContain('[tenant/user] [CONSTRUCT_GUARD_TOKEN_SESSION_RESTRICTED]');
    expect(err.message).not.toContain('CONSTRUCT_RIGHT_NOT_PUBLISHED');
  });

  test('a valid app: the stacks from the manifest, checked against the schema, JSON by default', () => {
    const app = platformApp({ dev: { version: '10.5.1' } });
    const tenant = new TerraformStack(app, 'dev-acme');
    new VcdApiTokenProvider(tenant, 'vcd', { url: URL, org: 'acme' });
    const result = synthesizeApp(app);
    expect(result.outdir).toBe(outdir);
    expect(result.stacks.map((s) => [s.name, path.relative(outdir, s.file), stackAuthType(s)])).toEqual([
      ['dev-acme', 'stacks/dev-acme/cdk.tf.json', 'api_token'],
      ['dev-platform', 'stacks/dev-platform/cdk.tf.json', 'integrated'],
    ]);
  });

  test('a configuration the provider would reject fails the schema check, naming stack, address and field', () => {
    const app = platformApp({ dev: { version: '10.5.1' } });
    const bundle = app.node.findAll().find((c) => c.node.path === 'dev-platform/tokens/bundle') as TerraformResource;
    bundle.addOverride('publish_to_al_tenants', true);
    const err = synthError(() => synthesizeApp(app));
    expect(err.code).toBe('SYNTH_SCHEMA_INVALID');
    expect(err.message).toContain('dev-platform: vcd_rights_bundle.tokens_bundle_');
    expect(err.message).toContain('publish_to_al_tenants: unknown attribute or block');
    expect(synthesizeApp(platformApp({ dev: { version: '10.5.1' } }), { schemaCheck: false }).stacks).toHaveLength(1);
  });

  test('the schema check finds every stack, also one nested under a plain construct', () => {
    const app = platformApp({ dev: { version: '10.5.1' } });
    const nested = new TerraformStack(new Construct(app, 'group'), 'nested-platform');
    new VcdPasswordProvider(nested, 'vcd', { url: URL });
    const bundle = new ApiTokenRightsBundle(nested, 'tokens', { name: 'API Token Rights', vcdVersion: '10.5.1', tenants: ['acme'] });
    (bundle.node.findChild('bundle') as TerraformResource).addOverride('publish_to_al_tenants', true);
    const err = synthError(() => synthesizeApp(app));
    expect(err.code).toBe('SYNTH_SCHEMA_INVALID');
    expect(err.message).toContain('nested-platform: vcd_rights_bundle.');
    expect(err.message).not.toContain('dev-platform:');
  });

  test('the schema check reads no synthesized file back: it checks each document as cdktf makes it', () => {
    const app = platformApp({ dev: { version: '10.5.1' }, prod: { version: '10.4.2' } });
    const bundle = app.node.findAll().find((c) => c.node.path === 'prod-platform/tokens/bundle') as TerraformResource;
    bundle.addOverride('rights', 'not-a-list');
    // The module object itself (an `import * as` namespace cannot be spied on): the library reads through it.
    const reads = jest.spyOn(require('node:fs') as typeof fs, 'readFileSync');
    try {
      const err = synthError(() => synthesizeApp(app));
      expect(err.message).toMatch(/prod-platform: vcd_rights_bundle\.tokens_bundle_\w+\.rights: expected a set, got a string/);
      expect(reads.mock.calls.map(([file]) => String(file)).filter((f) => f.endsWith('cdk.tf.json'))).toEqual([]);
    } finally {
      reads.mockRestore();
    }
    // The stacks' own toTerraform is back: a later synth of the same stacks is not checked twice.
    for (const stack of app.node.children) expect(Object.prototype.hasOwnProperty.call(stack, 'toTerraform')).toBe(false);
  });

  test('a JSON synth clears the cdk.tf of an earlier HCL synth, also when that left no manifest', () => {
    synthesizeApp(platformApp({ dev: { version: '10.5.1' } }), { hcl: true });
    fs.rmSync(path.join(outdir, 'manifest.json')); // as if rendering had been interrupted
    const [stack] = synthesizeApp(platformApp({ dev: { version: '10.5.1' } })).stacks;
    expect(fs.readdirSync(stack.dir).filter((f) => f.startsWith('cdk.tf'))).toEqual(['cdk.tf.json']);
  });

  test('hcl: true writes formatted cdk.tf only, and the manifest points at it', () => {
    const app = platformApp({ dev: { version: '10.5.1' } });
    const result = synthesizeApp(app, { hcl: true });
    const [stack] = result.stacks;
    expect(path.relative(outdir, stack.file)).toBe('stacks/dev-platform/cdk.tf');
    expect(fs.readdirSync(stack.dir).filter((f) => f.startsWith('cdk.tf'))).toEqual(['cdk.tf']);
    const hcl = fs.readFileSync(stack.file, 'utf8');
    expect(hcl).toContain('resource "vcd_rights_bundle" ');
    expect(hcl).toContain('  required_version = ">= 1.10"\n');
    expect(stackAuthType(stack)).toBeUndefined();
  });
});

describe('renderHcl(outdir) for a user app synthesized with app.synth()', () => {
  test('converts every stack, removes the JSON and updates the manifest', () => {
    const app = new App({ outdir });
    const stack = new TerraformStack(app, 'tenant');
    new VcdApiTokenProvider(stack, 'vcd', { url: URL, org: 'acme' });
    app.synth();
    const written = renderHcl(outdir);
    expect(written).toEqual([path.join(outdir, 'stacks', 'tenant', 'cdk.tf')]);
    const hcl = fs.readFileSync(written[0], 'utf8');
    expect(hcl).toMatch(/\n {2}auth_type += "api_token"\n/);
    expect(hcl).toMatch(/variable "vcd_api_token" \{[^}]*ephemeral += true/);
    expect(fs.existsSync(path.join(outdir, 'stacks', 'tenant', 'cdk.tf.json'))).toBe(false);
    expect(readSynthesizedStacks(outdir).map((s) => s.file)).toEqual(written);
    // Nothing left to convert: the manifest already points at HCL.
    expect(synthError(() => renderHcl(outdir)).code).toBe('SYNTH_NO_JSON_OUTPUT');
  });

  test('without a synth there is no manifest, and the error names the file', () => {
    const err = synthError(() => renderHcl(outdir));
    expect(err.code).toBe('SYNTH_NO_MANIFEST');
    expect(err.message).toContain(`No cdktf manifest at ${path.join(outdir, 'manifest.json')}: it does not exist.`);
  });
});
