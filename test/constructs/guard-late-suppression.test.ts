// A suppression added after the guard has already reported a construct used to be silently ignored (the
// resource was marked checked). It is now refused with a clear error; earlier suppressions still work.
import { Aspects, TerraformResource, TerraformStack, Testing } from 'cdktf';
import { Construct } from 'constructs';
import { ApiTokenAuthGuard, VcdApiTokenProvider, VcdConstructError } from '../../src/constructs';
import { newStack, thrownBy, URL } from './helpers';

const REASON = 'apply runs with a password in this pipeline (OPS-7)';

/** `guard: 'aspect'` adds the guard as an Aspect, which (unlike applyTo's validation) also runs in a plain Testing.synth. */
function tokenStack(guard: 'applyTo' | 'aspect' = 'applyTo'): { app: ReturnType<typeof newStack>['app']; stack: TerraformStack; group: Construct; role: TerraformResource } {
  const { app, stack } = newStack();
  new VcdApiTokenProvider(stack, 'vcd', { url: URL, org: 'acme', applyAuthGuard: guard === 'applyTo' });
  if (guard === 'aspect') Aspects.of(stack).add(new ApiTokenAuthGuard());
  const group = new Construct(stack, 'group');
  const role = new TerraformResource(group, 'role', { terraformResourceType: 'vcd_role' });
  return { app, stack, group, role };
}

describe('ApiTokenAuthGuard.suppress after a synth', () => {
  it('throws CONSTRUCT_GUARD_SUPPRESSION naming the reported construct instead of being ignored', () => {
    const { stack, role } = tokenStack('aspect');
    Testing.synth(stack); // runs the guard aspect, which reports stack/group/role
    const error = thrownBy(() => ApiTokenAuthGuard.suppress(role, REASON));
    expect(error).toBeInstanceOf(VcdConstructError);
    expect((error as VcdConstructError).code).toBe('CONSTRUCT_GUARD_SUPPRESSION');
    expect(error.message).toContain('already reported stack/group/role in an earlier synth');
    expect(error.message).toContain('before the first Testing.synth() or app.synth()');
    expect(ApiTokenAuthGuard.suppressionOf(role)).toBeUndefined();
  });

  it('refuses it after a Testing.synth with validations, which runs the guard applyTo added', () => {
    const { stack, role } = tokenStack();
    expect(() => Testing.synth(stack, true)).toThrow(/\[stack\/group\/role\] \[CONSTRUCT_GUARD_TOKEN_SESSION_RESTRICTED\]/);
    const error = thrownBy(() => ApiTokenAuthGuard.suppress(role, REASON));
    expect((error as VcdConstructError).code).toBe('CONSTRUCT_GUARD_SUPPRESSION');
    expect(error.message).toContain('already reported stack/group/role in an earlier synth');
  });

  it('also refuses a late suppression of an ancestor of the reported resource', () => {
    const { stack, group } = tokenStack();
    expect(() => Testing.synth(stack, true)).toThrow(/CONSTRUCT_GUARD_TOKEN_SESSION_RESTRICTED/);
    expect((thrownBy(() => ApiTokenAuthGuard.suppress(group, REASON)) as VcdConstructError).code).toBe('CONSTRUCT_GUARD_SUPPRESSION');
  });

  it('still accepts a suppression made before the first synth, and one of an unreported construct after it', () => {
    const { app, stack, role } = tokenStack();
    ApiTokenAuthGuard.suppress(role, REASON);
    Testing.synth(stack);
    const other = new TerraformResource(stack, 'data-only', { terraformResourceType: 'vcd_org_vdc' });
    expect(() => ApiTokenAuthGuard.suppress(other, REASON)).not.toThrow();
    expect(() => app.synth()).not.toThrow();
  });
});
