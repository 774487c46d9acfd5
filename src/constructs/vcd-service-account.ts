// A VCD service account (VCD 10.4+): an API-only identity with its own role, for a tenant stack that should deploy
// with no human's credentials (docs/vcd-protocol.md#service-accounts-and-the-device-flow). Declared in a
// password-authenticated platform stack (token sessions cannot manage service accounts; the ApiTokenAuthGuard
// fails synth otherwise). The account is only created here: its token comes from the device flow, authorized once
// by an administrator (`vcd-token service-account authorize`), because a token file the provider would write on a
// deploy runner (`active`, `file_name`) is lost with the runner.
import { TerraformProvider, Token } from 'cdktf';
import { Construct } from 'constructs';
import { DataVcdRole } from '../../.gen/providers/vcd/data-vcd-role';
import { ServiceAccount } from '../../.gen/providers/vcd/service-account';
import { derivedSoftwareId } from '../vcd/software-id';
import { hasServiceAccounts, tryParseVcdVersion } from '../vcd/vcd-version';
import { invalidSoftwareIdError, invalidTokenFileNameError, serviceAccountRoleError, serviceAccountVersionFinding } from './errors';
import { requireName, validateVersionAndRights } from './private/publication-targets';
import { reportSynthFindings } from './private/synth-findings';
import { RightsCatalogue } from './rights-catalogue';

const VCD_SERVICE_ACCOUNT_SYMBOL = Symbol.for('vcd-api-tokens/constructs.VcdServiceAccount');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface VcdServiceAccountProps {
  /** Name of the service account, unique in its org. */
  readonly name: string;
  /** Org it belongs to. @default - the provider's org */
  readonly org?: string;
  /** Role it acts with, by name (looked up with the vcd_role data source in `org`). Exactly one of roleName and roleId. @default - none */
  readonly roleName?: string;
  /** Role it acts with, by id (`urn:vcloud:role:<uuid>`). Exactly one of roleName and roleId. @default - none */
  readonly roleId?: string;
  /** VCD's "software_id", a UUID. @default - a UUID derived from this construct's path, stable across synths */
  readonly softwareId?: string;
  /** Version of the software the account stands for, as registered with VCD. @default - none */
  readonly softwareVersion?: string;
  /** URI of the client software (VCD's "client_uri"). @default - none */
  readonly uri?: string;
  /** VCD release of the environment; before 10.4 there are no service accounts and synth fails. @default - not checked */
  readonly vcdVersion?: string;
  /**
   * Have the provider activate the account at apply time and write its first token to this file (mode 0600) on the
   * machine running the apply. Only for applies run where the file stays (not an ephemeral CI runner, where the
   * token would be lost and the account locked out); otherwise authorize with the device flow.
   * @default - not activated by the apply
   */
  readonly tokenFileName?: string;
  /** Provider to manage it with; must authenticate with a password. @default - the stack's default vcd provider */
  readonly provider?: TerraformProvider;
}

/** A `vcd_service_account` whose token is left to the device flow. */
export class VcdServiceAccount extends Construct {
  /** True for instances from any installed copy of this library. */
  public static isVcdServiceAccount(x: unknown): x is VcdServiceAccount {
    return typeof x === 'object' && x !== null && VCD_SERVICE_ACCOUNT_SYMBOL in x;
  }

  /**
   * The default software id: a UUID derived from the construct path, so a re-synth never changes the account.
   */
  public static softwareIdFor(path: string): string {
    return derivedSoftwareId(path);
  }

  /** The generated vcd_service_account resource. */
  public readonly serviceAccount: ServiceAccount;
  /** The role data source, when the role is given by name. */
  public readonly role?: DataVcdRole;
  public readonly softwareId: string;

  public constructor(scope: Construct, id: string, props: VcdServiceAccountProps) {
    super(scope, id);
    Object.defineProperty(this, VCD_SERVICE_ACCOUNT_SYMBOL, { value: true });
    requireName(this, props.name, 'name');
    requireName(this, props.org, 'org');
    if ((props.roleName === undefined) === (props.roleId === undefined)) throw serviceAccountRoleError(this.node.path);
    requireName(this, props.roleName, 'roleName');
    requireName(this, props.roleId, 'roleId');
    if (props.softwareId !== undefined && !Token.isUnresolved(props.softwareId) && !UUID.test(props.softwareId)) {
      throw invalidSoftwareIdError(props.softwareId, this.node.path);
    }
    if (props.tokenFileName !== undefined && !Token.isUnresolved(props.tokenFileName) && props.tokenFileName.trim() === '') {
      throw invalidTokenFileNameError(this.node.path);
    }
    if (props.vcdVersion !== undefined) checkVersion(this, props.vcdVersion);

    this.softwareId = props.softwareId ?? VcdServiceAccount.softwareIdFor(this.node.path);
    let roleId = props.roleId;
    if (props.roleName !== undefined) {
      this.role = new DataVcdRole(this, 'role', { org: props.org, name: props.roleName, provider: props.provider });
      roleId = this.role.id;
    }
    const activate = props.tokenFileName !== undefined;
    this.serviceAccount = new ServiceAccount(this, 'account', {
      name: props.name,
      org: props.org,
      roleId: roleId as string,
      softwareId: this.softwareId,
      softwareVersion: props.softwareVersion,
      uri: props.uri,
      ...(activate ? { active: true, fileName: props.tokenFileName, allowTokenFile: true } : {}),
      provider: props.provider,
    });
  }
}

/** The generic version checks (malformed, unsupported), then the service-account one. */
function checkVersion(scope: Construct, vcdVersion: string): void {
  if (Token.isUnresolved(vcdVersion)) return;
  const version = tryParseVcdVersion(vcdVersion);
  if (!version) {
    validateVersionAndRights(scope, vcdVersion, [], RightsCatalogue.default());
    return;
  }
  if (!hasServiceAccounts(version)) {
    reportSynthFindings(scope, [serviceAccountVersionFinding(version.text)]);
    return;
  }
  validateVersionAndRights(scope, vcdVersion, [], RightsCatalogue.default());
}
