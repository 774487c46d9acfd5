// A vcd_role with the API-token rights inside one organization. The org's rights bundle must carry the same
// rights (checked at synth against the bundles declared in the stack).
import { TerraformProvider, Token } from 'cdktf';
import { Construct } from 'constructs';
import { Role } from '../../.gen/providers/vcd/role';
import { ApiTokenRoleKind, apiTokenRightsForKind, defaultRoleDescription } from './api-token-role-kind';
import { normaliseRightNames, requireName, validateTenantNames, validateVersionAndRights } from './private/publication-targets';
import { assertSingleCdktf } from './private/single-cdktf';
import { RightsCatalogue } from './rights-catalogue';
import { ensureRightsPublicationValidation } from './rights-publication-validation';

const API_TOKEN_TENANT_ROLE_SYMBOL = Symbol.for('vcd-api-tokens/constructs.ApiTokenTenantRole');

export interface ApiTokenTenantRoleProps {
  /** Role name in the organization. */
  readonly name: string;
  /** Organization (tenant) the role is created in. Set explicitly so the rights publication check knows it. */
  readonly org: string;
  /** `automation`: manage own tokens; `administrator`: manage own and all users' tokens. */
  readonly kind: ApiTokenRoleKind;
  /** Role description in VCD. @default - a sentence naming the kind */
  readonly description?: string;
  /** More rights for the role, by VCD name. @default [] */
  readonly extraRights?: readonly string[];
  /** VCD release of the environment; when set, rights are checked against the catalogue. @default - no version check */
  readonly vcdVersion?: string;
  /** Provider for the role. Must authenticate with a password. @default - the stack's default vcd provider */
  readonly provider?: TerraformProvider;
  /** Catalogue used to check rights against vcdVersion. @default RightsCatalogue.default() */
  readonly catalogue?: RightsCatalogue;
}

/** An organization role granting API-token rights. */
export class ApiTokenTenantRole extends Construct {
  public static isApiTokenTenantRole(x: unknown): x is ApiTokenTenantRole {
    return typeof x === 'object' && x !== null && API_TOKEN_TENANT_ROLE_SYMBOL in x;
  }

  /** The generated vcd_role resource. */
  public readonly role: Role;
  public readonly kind: ApiTokenRoleKind;
  /** Concrete rights the role grants (token rights first, then extras). */
  public readonly rightNames: string[];
  /** The organization, as a one-element list (same shape as the published constructs). */
  public readonly tenants: string[];
  /** Always false: an organization role lives in one organization. */
  public readonly publishToAllTenants = false;

  public constructor(scope: Construct, id: string, props: ApiTokenTenantRoleProps) {
    super(scope, id);
    assertSingleCdktf(this);
    Object.defineProperty(this, API_TOKEN_TENANT_ROLE_SYMBOL, { value: true });

    requireName(this, props.name, 'name');
    validateTenantNames(this, [props.org], 'org');
    const tokenRights = apiTokenRightsForKind(props.kind, this.node.path);
    const extras = normaliseRightNames(this, props.extraRights ?? [], 'extraRights');
    const rights = normaliseRightNames(this, [...tokenRights, ...extras], 'rights');
    if (props.vcdVersion !== undefined) validateVersionAndRights(this, props.vcdVersion, rights, props.catalogue ?? RightsCatalogue.default());

    this.kind = props.kind;
    this.rightNames = rights.filter((r) => !Token.isUnresolved(r));
    this.tenants = [props.org];
    this.role = new Role(this, 'role', {
      name: props.name,
      org: props.org,
      description: props.description ?? defaultRoleDescription(props.kind),
      rights,
      provider: props.provider,
    });
    ensureRightsPublicationValidation(this);
  }
}
