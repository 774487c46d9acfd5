// The vmware/vcd provider authenticated with a user and password ("integrated"), for platform stacks that
// manage what token sessions may not: rights bundles, roles, global roles, users. Credentials come from
// sensitive variables (TF_VAR_vcd_user / TF_VAR_vcd_password) or the provider's VCD_USER / VCD_PASSWORD.
import { TerraformVariable } from 'cdktf';
import { Construct } from 'constructs';
import { VcdProvider } from '../../.gen/providers/vcd/provider';
import { invalidCredentialsSourceError } from './errors';
import { requireNonBlank, validateVcdUrl } from './private/provider-props';
import { createSecretVariable, defaultVariableName } from './private/secret-variable';
import { assertSingleCdktf } from './private/single-cdktf';

const VCD_PASSWORD_PROVIDER_SYMBOL = Symbol.for('vcd-api-tokens/constructs.VcdPasswordProvider');

/** Name of the System (provider) organization. */
export const VCD_SYSTEM_ORG = 'System';

export interface VcdPasswordProviderProps {
  /** VCD API endpoint, e.g. "https://vcd.example.com/api". Must be https. */
  readonly url: string;
  /** Default organization for resources. @default "System" */
  readonly org?: string;
  /** Organization the user logs in to. @default "System" (a provider administrator) */
  readonly sysorg?: string;
  /** Default org VDC for resources. @default - none */
  readonly vdc?: string;
  /**
   * `'variable'`: sensitive variables `vcd_user` and `vcd_password` (TF_VAR_…);
   * `'environment'`: both unset, the provider reads VCD_USER and VCD_PASSWORD.
   * @default 'variable'
   */
  readonly credentials?: 'variable' | 'environment';
  /** Mark the credential variables ephemeral and require Terraform >= 1.10. @default true */
  readonly ephemeralCredentialVariables?: boolean;
  /** Skip TLS certificate verification (the provider's allow_unverified_ssl); for lab VCDs only. @default false */
  readonly allowUnverifiedSsl?: boolean;
  /** Provider alias, for stacks with several vcd providers. @default - the default (unaliased) provider */
  readonly alias?: string;
  /** Name of the user variable (fed by TF_VAR_<name>). @default "vcd_user", or "vcd_user_<alias>" with an alias */
  readonly userVariableName?: string;
  /** Name of the password variable (fed by TF_VAR_<name>). @default "vcd_password", or "vcd_password_<alias>" with an alias */
  readonly passwordVariableName?: string;
}

/** A vcd provider with `auth_type = "integrated"` whose credentials never enter synth output. */
export class VcdPasswordProvider extends Construct {
  public static isVcdPasswordProvider(x: unknown): x is VcdPasswordProvider {
    return typeof x === 'object' && x !== null && VCD_PASSWORD_PROVIDER_SYMBOL in x;
  }

  public readonly provider: VcdProvider;
  public readonly authType = 'integrated' as const;
  public readonly userVariable?: TerraformVariable;
  public readonly passwordVariable?: TerraformVariable;
  /** Terraform names of the credential variables (CI sets TF_VAR_<name>), when credentials is 'variable'. */
  public readonly userVariableName?: string;
  public readonly passwordVariableName?: string;

  public constructor(scope: Construct, id: string, props: VcdPasswordProviderProps) {
    super(scope, id);
    assertSingleCdktf(this);
    Object.defineProperty(this, VCD_PASSWORD_PROVIDER_SYMBOL, { value: true });
    validateVcdUrl(this, props.url);
    requireNonBlank(this, props.org, 'org');
    requireNonBlank(this, props.sysorg, 'sysorg');
    requireNonBlank(this, props.vdc, 'vdc');
    requireNonBlank(this, props.alias, 'alias');

    const credentials = props.credentials ?? 'variable';
    if (credentials !== 'variable' && credentials !== 'environment') throw invalidCredentialsSourceError(credentials, this.node.path);
    const ephemeral = props.ephemeralCredentialVariables ?? true;
    if (credentials === 'variable') {
      this.userVariableName = props.userVariableName ?? defaultVariableName('vcd_user', props.alias);
      this.passwordVariableName = props.passwordVariableName ?? defaultVariableName('vcd_password', props.alias);
      this.userVariable = createSecretVariable(this, 'user', {
        name: this.userVariableName,
        description: 'VCD user for the vcd provider (platform stack). Set TF_VAR_<this name> in CI.',
        ephemeral,
        field: 'userVariableName',
      });
      this.passwordVariable = createSecretVariable(this, 'password', {
        name: this.passwordVariableName,
        description: 'Password of the VCD user. Set TF_VAR_<this name> from the CI secret store; never commit it.',
        ephemeral,
        field: 'passwordVariableName',
      });
    }
    this.provider = new VcdProvider(this, 'provider', {
      url: props.url,
      org: props.org ?? VCD_SYSTEM_ORG,
      sysorg: props.sysorg ?? VCD_SYSTEM_ORG,
      vdc: props.vdc,
      authType: this.authType,
      user: this.userVariable?.stringValue,
      password: this.passwordVariable?.stringValue,
      allowUnverifiedSsl: props.allowUnverifiedSsl,
      alias: props.alias,
    });
  }
}
