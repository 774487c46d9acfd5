// A right works for a tenant user only when it is in the tenant's rights bundle AND in the user's role
// (docs/vcd-protocol.md#rights-bundles-and-publication). This stack-level check finds role rights that no bundle published to the tenant
// carries, before apply, where VCD would accept the role and then silently not grant the right.
//
// Unknowns never fail: a bundle whose rights, tenants or publish-all flag are unresolved tokens (for example a
// bundle built on a base bundle read with the vcd_rights_bundle data source) is assumed to supply any right to
// any tenant it might reach. Bundles that exist in VCD but are not declared in this stack are not seen; declare
// them with declareExternalRightsBundle (e.g. VCD's "Default Rights Bundle"), build on them with
// baseBundleName, or publish the right in a bundle of this stack.
import { TerraformResource, TerraformStack, Token } from 'cdktf';
import { IConstruct } from 'constructs';
import { BundleLabel, rightNotPublishedFinding, rightNotPublishedToAllFinding } from './errors';
import { normaliseRightNames, validatePublicationTargets } from './private/publication-targets';
import { assertSingleCdktf } from './private/single-cdktf';

const VALIDATION_ATTACHED = Symbol.for('vcd-api-tokens/constructs.RightsPublicationValidation');
const EXTERNAL_BUNDLES = Symbol.for('vcd-api-tokens/constructs.RightsPublicationValidation.externalBundles');

type Known<T> = T | 'unknown';

interface BundleFacts {
  readonly label: BundleLabel;
  readonly rights: Known<ReadonlySet<string>>;
  readonly tenants: Known<ReadonlySet<string>>;
  readonly publishToAll: Known<boolean>;
}

interface RoleFacts {
  readonly path: string;
  readonly name: string;
  readonly rights: string[];
  /** 'all' for roles published to every tenant; a list otherwise. */
  readonly tenants: 'all' | string[];
}

interface RightsBundleInputs {
  readonly rightsInput?: string[];
  readonly tenantsInput?: string[];
  readonly publishToAllTenantsInput?: unknown;
  readonly nameInput?: string;
}
interface RoleInputs {
  readonly rightsInput?: string[];
  readonly nameInput?: string;
  readonly orgInput?: string;
  readonly tenantsInput?: string[];
  readonly publishToAllTenantsInput?: unknown;
}

/** A rights bundle that exists in VCD but is not managed by this stack. */
export interface ExternalRightsBundleProps {
  /** Bundle name, for the record (e.g. "Default Rights Bundle"). */
  readonly name: string;
  /** Tenants it is published to. Exactly one of `tenants` and `publishToAllTenants: true`. @default - none */
  readonly tenants?: readonly string[];
  /** Whether it is published to every tenant. Exactly one of `tenants` and `publishToAllTenants: true`. @default false */
  readonly publishToAllTenants?: boolean;
  /** Rights it carries. @default - unknown: assumed to carry any right */
  readonly rights?: readonly string[];
}

/**
 * Tells the rights publication check of the stack containing `scope` about a bundle managed outside it, so
 * roles relying on that bundle's rights do not fail synth.
 */
export function declareExternalRightsBundle(scope: IConstruct, props: ExternalRightsBundleProps): void {
  assertSingleCdktf(scope);
  const stack = TerraformStack.of(scope);
  const targets = validatePublicationTargets(stack, props.tenants, props.publishToAllTenants);
  const rights = props.rights === undefined ? undefined : normaliseRightNames(stack, props.rights, 'rights');
  const facts: BundleFacts = {
    label: { name: props.name },
    rights: rights === undefined ? 'unknown' : knownSet(rights),
    tenants: knownSet(targets.tenants),
    publishToAll: targets.publishToAllTenants,
  };
  externalBundles(stack).push(facts);
  ensureRightsPublicationValidation(stack);
}

function externalBundles(stack: TerraformStack): BundleFacts[] {
  const holder = stack as unknown as Record<symbol, BundleFacts[] | undefined>;
  if (!holder[EXTERNAL_BUNDLES]) Object.defineProperty(stack, EXTERNAL_BUNDLES, { value: [] });
  return holder[EXTERNAL_BUNDLES] as BundleFacts[];
}

/** Attaches the publication check to the stack that contains `scope`, once per stack. */
export function ensureRightsPublicationValidation(scope: IConstruct): void {
  const stack = TerraformStack.of(scope);
  if ((stack as unknown as Record<symbol, boolean>)[VALIDATION_ATTACHED]) return;
  Object.defineProperty(stack, VALIDATION_ATTACHED, { value: true });
  stack.node.addValidation({ validate: () => findUnpublishedRoleRights(stack) });
}

/**
 * Messages for every (role, right, tenant) where the role grants a right that no rights bundle published to
 * that tenant carries. Reads the generated vcd_rights_bundle / vcd_global_role / vcd_role resources of the
 * stack, so roles and bundles made without this library's constructs are checked too.
 */
export function findUnpublishedRoleRights(stack: TerraformStack): string[] {
  const bundles: BundleFacts[] = [...externalBundles(stack)];
  const roles: RoleFacts[] = [];
  for (const node of stack.node.findAll()) {
    if (!TerraformResource.isTerraformResource(node)) continue;
    if (node.terraformResourceType === 'vcd_rights_bundle') bundles.push(bundleFacts(node as unknown as RightsBundleInputs, node.node.path, node.node.id));
    const role = roleFacts(node);
    if (role) roles.push(role);
  }
  const messages: string[] = [];
  for (const role of roles) {
    for (const right of role.rights) {
      if (role.tenants === 'all') {
        const toAll = bundles.filter((b) => b.publishToAll !== false);
        if (!toAll.some((b) => supplies(b, right))) messages.push(rightNotPublishedToAllFinding(role, right, toAll.map((b) => b.label)));
        continue;
      }
      for (const tenant of role.tenants) {
        const reaching = bundles.filter((b) => reaches(b, tenant));
        if (!reaching.some((b) => supplies(b, right))) messages.push(rightNotPublishedFinding(role, right, tenant, reaching.map((b) => b.label)));
      }
    }
  }
  return messages;
}

function bundleFacts(bundle: RightsBundleInputs, path: string, id: string): BundleFacts {
  const all = bundle.publishToAllTenantsInput;
  const name = typeof bundle.nameInput === 'string' && !Token.isUnresolved(bundle.nameInput) ? bundle.nameInput : id;
  return {
    label: { name, path },
    rights: knownSet(bundle.rightsInput),
    tenants: knownSet(bundle.tenantsInput),
    publishToAll: typeof all === 'boolean' ? all : all === undefined ? false : 'unknown',
  };
}

function roleFacts(node: TerraformResource): RoleFacts | undefined {
  const type = node.terraformResourceType;
  if (type !== 'vcd_global_role' && type !== 'vcd_role') return undefined;
  const inputs = node as unknown as RoleInputs;
  const rights = inputs.rightsInput;
  if (!Array.isArray(rights) || Token.isUnresolved(rights)) return undefined;
  const concreteRights = rights.filter((r) => !Token.isUnresolved(r));
  const name = typeof inputs.nameInput === 'string' && !Token.isUnresolved(inputs.nameInput) ? inputs.nameInput : node.node.id;
  const base = { path: node.node.path, name, rights: concreteRights };
  if (type === 'vcd_role') {
    // Without a concrete org the role lands in the provider's org, which is not known here: nothing to check.
    const org = inputs.orgInput;
    if (typeof org !== 'string' || Token.isUnresolved(org)) return undefined;
    return { ...base, tenants: [org] };
  }
  const all = inputs.publishToAllTenantsInput;
  if (all === true) return { ...base, tenants: 'all' };
  if (all !== false && all !== undefined) return undefined;
  const tenants = inputs.tenantsInput;
  if (!Array.isArray(tenants) || Token.isUnresolved(tenants)) return undefined;
  return { ...base, tenants: tenants.filter((t) => !Token.isUnresolved(t)) };
}

function knownSet(list: string[] | undefined): Known<ReadonlySet<string>> {
  if (list === undefined) return new Set();
  if (!Array.isArray(list) || Token.isUnresolved(list) || list.some((x) => Token.isUnresolved(x))) return 'unknown';
  return new Set(list);
}

function supplies(bundle: BundleFacts, right: string): boolean {
  return bundle.rights === 'unknown' || bundle.rights.has(right);
}

function reaches(bundle: BundleFacts, tenant: string): boolean {
  return bundle.publishToAll !== false || bundle.tenants === 'unknown' || bundle.tenants.has(tenant);
}
