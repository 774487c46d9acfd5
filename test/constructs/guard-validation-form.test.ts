// ApiTokenAuthGuard.applyTo guards a stack with one stack-level validation rather than an aspect (cdktf 0.21
// visits every construct of a stack that has any aspect). These pin what that form must keep from the aspect:
// it sees the final tree, reports each resource once, fails Testing.synth(stack, true), and apps that skip
// validations still fail synth through the aspect.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, Aspects, IAspect, TerraformResource, TerraformStack, Testing } from 'cdktf';
import { IConstruct } from 'constructs';
import { ApiTokenAuthGuard, VcdApiTokenProvider } from '../../src/constructs';
import { SynthError, synthesizeApp } from '../../src/synth';
import { errorsUnder, newStack, thrownBy, URL } from './helpers';

const FINDING = '[CONSTRUCT_GUARD_TOKEN_SESSION_RESTRICTED]';

function occurrences(text: string, part: string): number {
  return text.split(part).length - 1;
}

function guardAspects(stack: TerraformStack): IAspect[] {
  return Aspects.of(stack).all.filter((a) => ApiTokenAuthGuard.isApiTokenAuthGuard(a));
}

/** An aspect of the user's that adds a vcd_role when it visits the stack, i.e. after all construction code. */
class AddsRole implements IAspect {
  public constructor(private readonly stack: TerraformStack) {}
  public visit(node: IConstruct): void {
    if (node === this.stack && this.stack.node.tryFindChild('late-role') === undefined) {
      new TerraformResource(this.stack, 'late-role', { terraformResourceType: 'vcd_role' });
    }
  }
}

let outdirs: string[] = [];
function skippingApp(): App {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'guard-skip-'));
  outdirs.push(outdir);
  return new App({ outdir, skipValidation: true });
}
afterEach(() => {
  for (const dir of outdirs) fs.rmSync(dir, { recursive: true, force: true });
  outdirs = [];
});

describe('the validation form of ApiTokenAuthGuard (applyTo)', () => {
  it('guards the stack without adding an aspect to it', () => {
    const { stack } = newStack();
    new VcdApiTokenProvider(stack, 'vcd', { url: URL, org: 'acme' });
    expect(ApiTokenAuthGuard.isAppliedTo(stack)).toBe(true);
    expect(guardAspects(stack)).toHaveLength(0);
    expect(Aspects.of(stack).all).toHaveLength(0);
  });

  it('reports a resource another aspect adds after the provider', () => {
    const { app, stack } = newStack();
    new VcdApiTokenProvider(stack, 'vcd', { url: URL, org: 'acme' });
    Aspects.of(stack).add(new AddsRole(stack));
    const error = thrownBy(() => app.synth());
    expect(error.message).toContain(`[stack/late-role] ${FINDING} vcd_role`);
  });

  it('fails Testing.synth(stack, true) naming the resource', () => {
    const { stack } = newStack();
    new VcdApiTokenProvider(stack, 'vcd', { url: URL, org: 'acme' });
    new TerraformResource(stack, 'user', { terraformResourceType: 'vcd_org_user' });
    expect(() => Testing.synth(stack, true)).toThrow(`[stack/user] ${FINDING} vcd_org_user`);
  });

  it('reports each resource once across Testing.synth(stack, true) and then app.synth()', () => {
    const { app, stack } = newStack();
    new VcdApiTokenProvider(stack, 'vcd', { url: URL, org: 'acme' });
    const role = new TerraformResource(stack, 'role', { terraformResourceType: 'vcd_role' });
    expect(() => Testing.synth(stack, true)).toThrow(FINDING);
    const error = thrownBy(() => app.synth());
    expect(occurrences(error.message, `[stack/role] ${FINDING} vcd_role`)).toBe(1);
    expect(errorsUnder(role)).toHaveLength(1);
    expect(role.node.validate()).toHaveLength(1);
  });

  it('synthesizeApp lists the findings of stacks cdktf stopped before', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'guard-all-'));
    outdirs.push(outdir);
    const app = new App({ outdir });
    for (const id of ['first', 'second']) {
      const stack = new TerraformStack(app, id);
      new VcdApiTokenProvider(stack, 'vcd', { url: URL, org: 'acme' });
      new TerraformResource(stack, 'role', { terraformResourceType: 'vcd_role' });
    }
    const error = thrownBy(() => synthesizeApp(app, { schemaCheck: false }));
    expect(error).toBeInstanceOf(SynthError);
    expect(error.message).toContain(`[first/role] ${FINDING} vcd_role`);
    expect(error.message).toContain(`[second/role] ${FINDING} vcd_role`);
    expect(occurrences(error.message, `[second/role] ${FINDING}`)).toBe(1);
  });
});

describe('ApiTokenAuthGuard.applyTo in an App that skips validations', () => {
  it('adds the aspect instead, so synth still fails on the error annotation', () => {
    const app = skippingApp();
    const stack = new TerraformStack(app, 'stack');
    new VcdApiTokenProvider(stack, 'vcd', { url: URL, org: 'acme' });
    new TerraformResource(stack, 'bundle', { terraformResourceType: 'vcd_rights_bundle' });
    expect(guardAspects(stack)).toHaveLength(1);
    expect(ApiTokenAuthGuard.isAppliedTo(stack)).toBe(true);
    expect(() => app.synth()).toThrow(`[stack/bundle] ${FINDING} vcd_rights_bundle`);
  });

  it('applyTo(app) also falls back to the aspect, once per stack', () => {
    const app = skippingApp();
    const stack = new TerraformStack(app, 'stack');
    new TerraformResource(stack, 'role', { terraformResourceType: 'vcd_role' });
    ApiTokenAuthGuard.applyTo(app);
    ApiTokenAuthGuard.applyTo(stack);
    expect(guardAspects(stack)).toHaveLength(1);
    expect(() => app.synth()).toThrow(`[stack/role] [CONSTRUCT_GUARD_AUTH_UNKNOWN]`);
  });
});
