// A vcd_rights_bundle that carries the API-token rights to the tenants it is published to. Without the right in a
// bundle published to the tenant, no tenant role can grant it
// (docs/vcd-protocol.md#rights-bundles-and-publication).
import { Fn, TerraformProvider, Token } from 'cdktf';
import { Construct } from 'constructs';
import { DataVcdRightsBundle } from '../../.gen/providers/vcd/data-vcd-rights-bundle';
import { RightsBundle } from '../../.gen/providers/vcd/rights-bundle';
import { apiTokenRightsFor } from './api-token-rights';
import { normaliseRightNames, requireName, validatePublicationTargets, validateVersionAndRights } from './private/publication-targets';
import { assertSingleCdktf } from './private/single-cdktf';
import { RightsCatalogue } from './rights-catalogue';
import { ensureRightsPublicationValidation } from './rights-publication-validation';

const API_TOKEN_RIGHTS_BUNDLE_SYMBOL = Symbol.for('vcd-api-tokens/constructs.ApiTokenRightsBundle');

export interface ApiTokenRightsBundleProps {
  /** Bundle name in VCD. */
  readonly name: string;
  /** VCD release of the environment ("10.5.1"); decides which rights exist. Must be 10.3.1 to 10.6.x. */
  readonly vcdVersion: string;
  /** Bundle description in VCD. @default "Rights for VCD API tokens, managed by vcd-api-tokens" */
  readonly description?: string;
  /** Also carry "API Tokens: Manage All", so tenant administrators can view and revoke others' tokens. @default false */
  readonly includeManageAll?: boolean;
  /** More rights for the bundle, by VCD name. Checked against the rights catalogue. @default [] */
  readonly extraRights?: readonly string[];
  /**
   * Name of an existing bundle (e.g. "Default Rights Bundle") whose rights are read with the vcd_rights_bundle
   * data source and unioned in, so this bundle can replace it without losing rights. Its contents are unknown
   * at synth, so the rights publication check assumes it may supply any right.
   * @default - no base bundle
   */
  readonly baseBundleName?: string;
  /** Organization names to publish to. Exactly one of `tenants` and `publishToAllTenants: true`. @default - none */
  readonly tenants?: readonly string[];
  /** Publish to every tenant. Exactly one of `tenants` and `publishToAllTenants: true`. @default false */
  readonly publishToAllTenants?: boolean;
  /** Provider for the bundle (and the base-bundle data source). Must authenticate with a password. @default - the stack's default vcd provider */
  readonly provider?: TerraformProvider;
  /** Catalogue used to check rights against vcdVersion. @default RightsCatalogue.default() */
  readonly catalogue?: RightsCatalogue;
}

/** A rights bundle holding the API-token rights (plus extras or a base bundle), published to tenants. */
export class ApiTokenRightsBundle extends Construct {
  /** True for instances from any installed copy of this library. */
  public static isApiTokenRightsBundle(x: unknown): x is ApiTokenRightsBundle {
    return typeof x === 'object' && x !== null && API_TOKEN_RIGHTS_BUNDLE_SYMBOL in x;
  }

  /** The generated vcd_rights_bundle resource. */
  public readonly rightsBundle: RightsBundle;
  /** The base bundle data source, when `baseBundleName` is set. */
  public readonly baseBundle?: DataVcdRightsBundle;
  /** The rights this construct names itself (token rights and extras), without the base bundle's. */
  public readonly rightNames: string[];
  /** Tenants it is published to (empty when published to all). */
  public readonly tenants: string[];
  public readonly publishToAllTenants: boolean;

  public constructor(scope: Construct, id: string, props: ApiTokenRightsBundleProps) {
    super(scope, id);
    assertSingleCdktf(this);
    Object.defineProperty(this, API_TOKEN_RIGHTS_BUNDLE_SYMBOL, { value: true });

    requireName(this, props.name, 'name');
    if (props.baseBundleName !== undefined) requireName(this, props.baseBundleName, 'baseBundleName');
    const targets = validatePublicationTargets(this, props.tenants, props.publishToAllTenants);
    const extras = normaliseRightNames(this, props.extraRights ?? [], 'extraRights');
    const rightNames = normaliseRightNames(this, [...apiTokenRightsFor(props.includeManageAll ?? false), ...extras], 'rights');
    validateVersionAndRights(this, props.vcdVersion, rightNames, props.catalogue ?? RightsCatalogue.default());

    this.rightNames = rightNames.filter((r) => !Token.isUnresolved(r));
    this.tenants = targets.tenants;
    this.publishToAllTenants = targets.publishToAllTenants;

    let rights: string[] = rightNames;
    if (props.baseBundleName !== undefined) {
      this.baseBundle = new DataVcdRightsBundle(this, 'base', { name: props.baseBundleName, provider: props.provider });
      rights = Token.asList(Fn.setunion(this.baseBundle.rights, [rightNames]));
    }
    this.rightsBundle = new RightsBundle(this, 'bundle', {
      name: props.name,
      description: props.description ?? 'Rights for VCD API tokens, managed by vcd-api-tokens',
      rights,
      publishToAllTenants: targets.publishToAllTenants,
      tenants: targets.publishToAllTenants ? undefined : targets.tenants,
      provider: props.provider,
    });
    ensureRightsPublicationValidation(this);
  }
}
