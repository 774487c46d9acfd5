// Fails synth when a stack whose vcd provider authenticates with an API token or service account declares
// resources that token sessions cannot manage (docs/vcd-protocol.md#token-session-restrictions), instead of
// failing half-way through an apply.
import { Annotations, App, Aspects, IAspect, TerraformResource, TerraformStack } from 'cdktf';
import { IConstruct, IValidation } from 'constructs';
import { isTokenSessionRestrictedType, tokenSessionRestrictedResource } from './api-token-auth-rules';
import { lateSuppressionError, suppressedFindingWarning, suppressionOfStackError, suppressionReasonTooShortError } from './errors';
import { assertSingleCdktf } from './private/single-cdktf';
import { reportSynthFindings } from './private/synth-findings';

const SUPPRESSION = Symbol.for('vcd-api-tokens/constructs.ApiTokenAuthGuard.suppression');
const GUARD_BRAND = Symbol.for('vcd-api-tokens/constructs.ApiTokenAuthGuard');
/** Brands the stack-level validation form of the guard; the stack keeps it under the same key. */
const GUARD_VALIDATION_BRAND = Symbol.for('vcd-api-tokens/constructs.ApiTokenAuthGuard.validation');

/**
 * Resources the guard has checked, and those it reported: kept beside the tree, not as properties on the resources
 * (a property added to every resource changes its shape and slows cdktf's own work on it). Shared by every copy of
 * this library in the process, like the brand.
 */
interface GuardMarks { readonly checked: WeakSet<IConstruct>; readonly reported: WeakSet<IConstruct> }
const MARKS_KEY = Symbol.for('vcd-api-tokens/constructs.ApiTokenAuthGuard.marks');
const marks: GuardMarks = ((globalThis as unknown as Record<symbol, GuardMarks | undefined>)[MARKS_KEY] ??= { checked: new WeakSet(), reported: new WeakSet() });

/** Shortest accepted suppression reason (as cdk-nag). */
export const AUTH_GUARD_MIN_REASON_LENGTH = 10;

/**
 * An Aspect: `Aspects.of(stack).add(new ApiTokenAuthGuard())`. Each finding becomes a construct validation and
 * an error annotation, so `app.synth()` throws (even with `skipValidation`), as does
 * `Testing.synth(stack, true)`. Suppressed findings become warning annotations ("suppressed: <reason> — …")
 * and do not fail synth.
 *
 * `VcdApiTokenProvider` guards its stack by default (`applyAuthGuard`). Stacks with other token providers
 * (e.g. a raw `VcdProvider` with a service account) need `ApiTokenAuthGuard.applyTo(stack)` (or `(app)`, for
 * every stack that exists at that point and lacks a guard). applyTo does not add the aspect: any aspect makes
 * CDKTF 0.21 track and visit every construct of the stack, a cost that grows with the tree. It adds one
 * stack-level validation that walks the stack once when synth validates it (after all aspects, in `app.synth()`
 * and `Testing.synth(stack, true)`), with the same findings. A plain `Testing.synth(stack)` runs no validations,
 * so it does not run that guard. In an App created with `skipValidation`, applyTo adds the aspect instead, whose
 * error annotations still fail synth there. Aspects go on stacks, not on the App: CDKTF 0.21 invokes aspects from
 * each stack downwards and never runs an aspect on the App.
 */
export class ApiTokenAuthGuard implements IAspect {
  /**
   * Guards `scope` when it is a stack, or every stack under it (e.g. an App). Stacks created afterwards are not
   * covered. Returns the stacks guarded.
   */
  public static applyTo(scope: IConstruct): TerraformStack[] {
    assertSingleCdktf(scope);
    const stacks = TerraformStack.isStack(scope)
      ? [scope]
      : scope.node.findAll().filter((c): c is TerraformStack => TerraformStack.isStack(c));
    // VcdApiTokenProvider guards its stack itself; one guard per stack is enough.
    for (const stack of stacks) {
      if (ApiTokenAuthGuard.isAppliedTo(stack)) continue;
      if (validationsSkipped(stack)) Aspects.of(stack).add(new ApiTokenAuthGuard());
      else addGuardValidation(stack);
    }
    return stacks;
  }

  /**
   * True when `stack` is guarded: by an ApiTokenAuthGuard among its aspects or by the validation `applyTo` adds
   * (from any copy of this library).
   */
  public static isAppliedTo(stack: TerraformStack): boolean {
    return guardValidationOf(stack) !== undefined || Aspects.of(stack).all.some((aspect) => ApiTokenAuthGuard.isApiTokenAuthGuard(aspect));
  }

  /** A brand check, not `instanceof`, so guards from another installed copy of this library count too. */
  public static isApiTokenAuthGuard(x: unknown): x is ApiTokenAuthGuard {
    return typeof x === 'object' && x !== null && GUARD_BRAND in x;
  }

  public constructor() {
    Object.defineProperty(this, GUARD_BRAND, { value: true });
  }

  /**
   * Accepts the guard's finding for `construct` and everything under it, for a stated reason (at least 10
   * characters, e.g. why this provider really authenticates with a password at apply time). Stacks and apps
   * cannot be suppressed as a whole. Call it before the first synth: once the guard has reported a construct,
   * suppressing it (or an ancestor) throws CONSTRUCT_GUARD_SUPPRESSION rather than being ignored.
   */
  public static suppress(construct: IConstruct, reason: string): void {
    if (typeof reason !== 'string' || reason.trim().length < AUTH_GUARD_MIN_REASON_LENGTH) {
      throw suppressionReasonTooShortError(reason, AUTH_GUARD_MIN_REASON_LENGTH, construct.node.path);
    }
    if (construct.node.scope === undefined || TerraformStack.isStack(construct)) throw suppressionOfStackError(construct.node.path);
    // The error annotation of an earlier synth stays on the construct and would still fail app.synth(), so a
    // late suppression could only be silently half-applied: refuse it instead.
    const reported = construct.node.findAll().find((c) => marks.reported.has(c));
    if (reported !== undefined) throw lateSuppressionError(reported.node.path, construct.node.path);
    Object.defineProperty(construct, SUPPRESSION, { value: reason.trim(), configurable: true });
  }

  /** The reason the guard is suppressed for `construct` (set on it or an ancestor below the stack), if any. */
  public static suppressionOf(construct: IConstruct): string | undefined {
    for (let c: IConstruct | undefined = construct; c && !TerraformStack.isStack(c); c = c.node.scope) {
      const reason = (c as unknown as Record<symbol, string | undefined>)[SUPPRESSION];
      if (reason !== undefined) return reason;
    }
    return undefined;
  }

  public visit(node: IConstruct): void {
    if (!TerraformResource.isTerraformResource(node)) return;
    // A resource's type never changes and other types are never a finding: nothing to check or remember for them.
    if (!isTokenSessionRestrictedType(node.terraformResourceType)) return;
    // Aspects run on every synth (Testing.synth, then app.synth): report each resource once.
    if (marks.checked.has(node)) return;
    marks.checked.add(node);
    // Aspects run after all construction code, so providers, aliases and overrides are settled here.
    const result = tokenSessionRestrictedResource(node);
    if (result.compliance !== 'NON_COMPLIANT') return;
    const reason = ApiTokenAuthGuard.suppressionOf(node);
    if (reason !== undefined) {
      Annotations.of(node).addWarning(suppressedFindingWarning(reason, result.message));
      return;
    }
    // Both channels: the validation fails app.synth() and Testing.synth(stack, true); the error annotation
    // still fails app.synth() when the app is created with skipValidation.
    reportSynthFindings(node, [result.message]);
    marks.reported.add(node);
  }
}

/** The stack-level guard validation `applyTo` added to `stack` (by any copy of this library), if any. */
export function guardValidationOf(stack: IConstruct): IValidation | undefined {
  const validation = (stack as unknown as Record<symbol, unknown>)[GUARD_VALIDATION_BRAND];
  return typeof validation === 'object' && validation !== null && GUARD_VALIDATION_BRAND in validation ? (validation as unknown as IValidation) : undefined;
}

/** Validations never run in an App created with skipValidation, so only the aspect's error annotations fail synth there. */
function validationsSkipped(stack: TerraformStack): boolean {
  const root = stack.node.root;
  return !App.isApp(root) || root.skipValidation;
}

/** One guard for every stack's validation: it keeps no state of its own (the marks are shared). */
let sharedGuard: ApiTokenAuthGuard | undefined;

/**
 * The stack-level form of the guard: runs the per-resource check over the stack when cdktf validates it. One
 * small object per stack (a large app has thousands), branded on the prototype for guardValidationOf.
 */
class GuardValidation implements IValidation {
  public constructor(private readonly stack: TerraformStack) {}

  public validate(): string[] {
    visitTree(sharedGuard ??= new ApiTokenAuthGuard(), this.stack);
    // Findings are reported on the resources themselves, under their own paths.
    return [];
  }
}
Object.defineProperty(GuardValidation.prototype, GUARD_VALIDATION_BRAND, { value: true });

function visitTree(guard: ApiTokenAuthGuard, construct: IConstruct): void {
  guard.visit(construct);
  for (const child of construct.node.children) visitTree(guard, child);
}

/**
 * Runs the guard's per-resource check over the stack when cdktf validates it. The stack's own validations run
 * first in cdktf's pass over the stack, so the validations this adds to resources are still collected in it.
 */
function addGuardValidation(stack: TerraformStack): void {
  const validation = new GuardValidation(stack);
  Object.defineProperty(stack, GUARD_VALIDATION_BRAND, { value: validation });
  stack.node.addValidation(validation);
}
