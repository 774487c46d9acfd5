// A vcd_global_role with the API-token rights, published to tenants: the provider-side way to give every
// tenant the same token role. The tenant's rights bundle must carry the same rights (checked at synth).
import { TerraformProvider, Token } from 'cdktf';
import { Construct } from 'constructs';
import { GlobalRole } from '../../.gen/providers/vcd/global-role';
import { ApiTokenRoleKind, apiTokenRightsForKind, defaultRoleDescription } from './api-token-role-kind';
import { normaliseRightNames, requireName, validatePublicationTargets, validateVersionAndRights } from './private/publication-targets';
import { assertSingleCdktf } from './private/single-cdktf';
import { RightsCatalogue } from './rights-catalogue';
import { ensureRightsPublicationValidation } from './rights-publication-validation';

const API_TOKEN_GLOBAL_ROLE_SYMBOL = Symbol.for('vcd-api-tokens/constructs.ApiTokenGlobalRole');

export interface ApiTokenGlobalRoleProps {
  /** Global role name in VCD. */
  readonly name: string;
  /** `automation`: manage own tokens; `administrator`: manage own and all users' tokens. */
  readonly kind: ApiTokenRoleKind;
  /** Role description in VCD. @default - a sentence naming the kind */
  readonly description?: string;
  /** More rights for the role, by VCD name. @default [] */
  readonly extraRights?: readonly string[];
  /** Organization names to publish to. Exactly one of `tenants` and `publishToAllTenants: true`. @default - none */
  readonly tenants?: readonly string[];
  /** Publish to every tenant. @default false */
  readonly publishToAllTenants?: boolean;
  /** VCD release of the environment; when set, rights are checked against the catalogue. @default - no version check */
  readonly vcdVersion?: string;
  /** Provider for the role. Must authenticate with a password. @default - the stack's default vcd provider */
  readonly provider?: TerraformProvider;
  /** Catalogue used to check rights against vcdVersion. @default RightsCatalogue.default() */
  readonly catalogue?: RightsCatalogue;
}

/** A global role granting API-token rights, published to tenants or to all. */
export class ApiTokenGlobalRole extends Construct {
  public static isApiTokenGlobalRole(x: unknown): x is ApiTokenGlobalRole {
    return typeof x === 'object' && x !== null && API_TOKEN_GLOBAL_ROLE_SYMBOL in x;
  }

  /** The generated vcd_global_role resource. */
  public readonly globalRole: GlobalRole;
  public readonly kind: ApiTokenRoleKind;
  /** Concrete rights the role grants (token rights first, then extras). */
  public readonly rightNames: string[];
  /** Tenants it is published to (empty when published to all). */
  public readonly tenants: string[];
  public readonly publishToAllTenants: boolean;

  public constructor(scope: Construct, id: string, props: ApiTokenGlobalRoleProps) {
    super(scope, id);
    assertSingleCdktf(this);
    Object.defineProperty(this, API_TOKEN_GLOBAL_ROLE_SYMBOL, { value: true });

    requireName(this, props.name, 'name');
    const tokenRights = apiTokenRightsForKind(props.kind, this.node.path);
    const targets = validatePublicationTargets(this, props.tenants, props.publishToAllTenants);
    const extras = normaliseRightNames(this, props.extraRights ?? [], 'extraRights');
    const rights = normaliseRightNames(this, [...tokenRights, ...extras], 'rights');
    if (props.vcdVersion !== undefined) validateVersionAndRights(this, props.vcdVersion, rights, props.catalogue ?? RightsCatalogue.default());

    this.kind = props.kind;
    this.rightNames = rights.filter((r) => !Token.isUnresolved(r));
    this.tenants = targets.tenants;
    this.publishToAllTenants = targets.publishToAllTenants;
    this.globalRole = new GlobalRole(this, 'global-role', {
      name: props.name,
      description: props.description ?? defaultRoleDescription(props.kind),
      rights,
      publishToAllTenants: targets.publishToAllTenants,
      tenants: targets.publishToAllTenants ? undefined : targets.tenants,
      provider: props.provider,
    });
    ensureRightsPublicationValidation(this);
  }
}
