// VcdApiTokenProvider guards its own stack: a token stack built without stacks/app.ts still fails synth when it
// declares something a token session cannot manage, and the guard never runs twice on one stack.
import { Aspects, TerraformStack, Testing } from 'cdktf';
import { Role } from '../../.gen/providers/vcd/role';
import { ApiTokenAuthGuard, VcdApiTokenProvider } from '../../src/constructs';
import { guardValidationOf } from '../../src/constructs/api-token-auth-guard';
import { newStack, thrownBy, URL } from './helpers';

/** Guards in both forms: aspects, and the stack-level validation applyTo adds (at most one by construction). */
function guardsOn(stack: TerraformStack): number {
  const aspects = Aspects.of(stack).all.filter((a) => ApiTokenAuthGuard.isApiTokenAuthGuard(a)).length;
  return aspects + (guardValidationOf(stack) === undefined ? 0 : 1);
}

function tokenStackWithRole(props: { applyAuthGuard?: boolean } = {}): ReturnType<typeof newStack> {
  const made = newStack();
  new VcdApiTokenProvider(made.stack, 'vcd', { url: URL, org: 'acme', ...props });
  new Role(made.stack, 'role', { org: 'acme', name: 'deployer', description: 'd', rights: ['Organization: View'] });
  return made;
}

function occurrences(text: string, part: string): number {
  return text.split(part).length - 1;
}

describe('VcdApiTokenProvider applies the ApiTokenAuthGuard', () => {
  it('fails synth for a vcd_role without any explicit guard call', () => {
    const { app, stack } = tokenStackWithRole();
    expect(ApiTokenAuthGuard.isAppliedTo(stack)).toBe(true);
    expect(guardsOn(stack)).toBe(1);
    const error = thrownBy(() => app.synth());
    expect(error.message).toContain('[CONSTRUCT_GUARD_TOKEN_SESSION_RESTRICTED]');
    expect(error.message).toContain('[stack/role] [CONSTRUCT_GUARD_TOKEN_SESSION_RESTRICTED] vcd_role');
  });

  it('also fails Testing.synth with validations', () => {
    const { stack } = tokenStackWithRole();
    expect(() => Testing.synth(stack, true)).toThrow(/CONSTRUCT_GUARD_TOKEN_SESSION_RESTRICTED/);
  });

  it('synthesizes with applyAuthGuard: false', () => {
    const { app, stack } = tokenStackWithRole({ applyAuthGuard: false });
    expect(ApiTokenAuthGuard.isAppliedTo(stack)).toBe(false);
    expect(guardsOn(stack)).toBe(0);
    expect(() => app.synth()).not.toThrow();
  });

  it('adds one guard per stack, however many providers and applyTo calls', () => {
    const { app, stack } = tokenStackWithRole();
    new VcdApiTokenProvider(stack, 'vcd-b', { url: URL, org: 'acme', alias: 'b' });
    ApiTokenAuthGuard.applyTo(stack);
    ApiTokenAuthGuard.applyTo(app);
    expect(guardsOn(stack)).toBe(1);
    const error = thrownBy(() => app.synth());
    expect(occurrences(error.message, '[stack/role] [CONSTRUCT_GUARD_TOKEN_SESSION_RESTRICTED] vcd_role')).toBe(1);
  });

  it('applyTo after an opt-out adds exactly one guard', () => {
    const { app, stack } = tokenStackWithRole({ applyAuthGuard: false });
    ApiTokenAuthGuard.applyTo(app);
    ApiTokenAuthGuard.applyTo(stack);
    expect(guardsOn(stack)).toBe(1);
    expect(occurrences(thrownBy(() => app.synth()).message, '[stack/role] [CONSTRUCT_GUARD_TOKEN_SESSION_RESTRICTED] vcd_role')).toBe(1);
  });
});
