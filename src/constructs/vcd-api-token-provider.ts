// The vmware/vcd provider authenticated with a VCD API token or a service account, for tenant stacks run from CI.
// The token never appears in synthesized output: it comes from a sensitive, ephemeral variable
// (TF_VAR_vcd_api_token), from the provider's own VCD_API_TOKEN environment variable, from an API token file, or
// from a service-account token file (which the provider rewrites after each use: the token rotates). There is
// deliberately no option to read the token from process.env at synth time: that would write it into cdktf.out.
import { TerraformStack, TerraformVariable } from 'cdktf';
import { Construct } from 'constructs';
import { VcdProvider } from '../../.gen/providers/vcd/provider';
import { ApiTokenAuthGuard } from './api-token-auth-guard';
import { invalidTokenFileSourceError, invalidTokenSourceError } from './errors';
import { requireNonBlank, validateVcdUrl } from './private/provider-props';
import { createSecretVariable, defaultVariableName } from './private/secret-variable';
import { assertSingleCdktf } from './private/single-cdktf';

const VCD_API_TOKEN_PROVIDER_SYMBOL = Symbol.for('vcd-api-tokens/constructs.VcdApiTokenProvider');

/** Placeholder for user and password, which token auth does not use; keeps VCD_USER/VCD_PASSWORD out of play. */
export const VCD_UNUSED_CREDENTIAL = 'none';

/**
 * Where the provider gets the API token:
 * - `'variable'`: a sensitive Terraform variable (`TF_VAR_vcd_api_token`) wired to `api_token`;
 * - `'environment'`: `api_token` stays unset and the provider reads `VCD_API_TOKEN` at plan time;
 * - `{ apiTokenFile }`: `auth_type = "api_token_file"` reading `{"refresh_token": …}` from that file;
 * - `{ serviceAccountTokenFile }`: `auth_type = "service_account_token_file"`, a service account's token file
 *   (`token_type` "Service Account"), which the provider rewrites with the rotated token after using it. The
 *   path may be a token (e.g. a variable's value), so the same synth works wherever the file lives.
 */
export type VcdApiTokenSource = 'variable' | 'environment' | { readonly apiTokenFile: string } | { readonly serviceAccountTokenFile: string };

/** The provider auth types VcdApiTokenProvider configures. */
export type VcdTokenAuthType = 'api_token' | 'api_token_file' | 'service_account_token_file';

export interface VcdApiTokenProviderProps {
  /** VCD API endpoint, e.g. "https://vcd.example.com/api". Must be https. */
  readonly url: string;
  /** Default organization for resources. */
  readonly org: string;
  /** Organization the token belongs to. @default - `org`; use "System" for provider users */
  readonly sysorg?: string;
  /** Default org VDC. @default - none */
  readonly vdc?: string;
  /** Where the provider gets the token at plan and apply time (see VcdApiTokenSource). @default 'variable' */
  readonly tokenSource?: VcdApiTokenSource;
  /**
   * Mark the token variable `ephemeral = true` (Terraform >= 1.10 then keeps it out of plan files) and require
   * Terraform >= 1.10 in the stack. Turn off only for older Terraform.
   * @default true
   */
  readonly ephemeralTokenVariable?: boolean;
  /** Skip TLS certificate verification (the provider's allow_unverified_ssl); for lab VCDs only. @default false */
  readonly allowUnverifiedSsl?: boolean;
  /** Provider alias, for stacks with several vcd providers. @default - the default (unaliased) provider */
  readonly alias?: string;
  /** Name of the token variable (fed by TF_VAR_<name>). @default "vcd_api_token", or "vcd_api_token_<alias>" with an alias */
  readonly tokenVariableName?: string;
  /**
   * Guard this provider's stack with `ApiTokenAuthGuard.applyTo` (once per stack, however many providers or
   * `ApiTokenAuthGuard.applyTo` calls), so resources a token session cannot manage fail synth instead of the
   * apply. Turn off only when the stack is checked some other way.
   * @default true
   */
  readonly applyAuthGuard?: boolean;
}

/** A vcd provider with `auth_type` "api_token", "api_token_file" or "service_account_token_file" whose token never enters synth output. */
export class VcdApiTokenProvider extends Construct {
  public static isVcdApiTokenProvider(x: unknown): x is VcdApiTokenProvider {
    return typeof x === 'object' && x !== null && VCD_API_TOKEN_PROVIDER_SYMBOL in x;
  }

  /** The generated provider. Pass it as `provider` to resources when using an alias. */
  public readonly provider: VcdProvider;
  public readonly authType: VcdTokenAuthType;
  /** The sensitive token variable, when tokenSource is 'variable'. */
  public readonly tokenVariable?: TerraformVariable;
  /** Its Terraform name; CI sets the token as TF_VAR_<tokenVariableName>. */
  public readonly tokenVariableName?: string;

  public constructor(scope: Construct, id: string, props: VcdApiTokenProviderProps) {
    super(scope, id);
    assertSingleCdktf(this);
    Object.defineProperty(this, VCD_API_TOKEN_PROVIDER_SYMBOL, { value: true });
    if (props.applyAuthGuard ?? true) ApiTokenAuthGuard.applyTo(TerraformStack.of(this));
    validateVcdUrl(this, props.url);
    requireNonBlank(this, props.org, 'org');
    requireNonBlank(this, props.sysorg, 'sysorg');
    requireNonBlank(this, props.vdc, 'vdc');
    requireNonBlank(this, props.alias, 'alias');

    const source = props.tokenSource ?? 'variable';
    let apiToken: string | undefined;
    let apiTokenFile: string | undefined;
    let serviceAccountTokenFile: string | undefined;
    if (source === 'variable') {
      this.tokenVariableName = props.tokenVariableName ?? defaultVariableName('vcd_api_token', props.alias);
      this.tokenVariable = createSecretVariable(this, 'api-token', {
        name: this.tokenVariableName,
        description: 'VCD API token (refresh token) for the vcd provider. Set TF_VAR_<this name> in CI; never commit it.',
        ephemeral: props.ephemeralTokenVariable ?? true,
        field: 'tokenVariableName',
      });
      apiToken = this.tokenVariable.stringValue;
    } else if (source === 'environment') {
      apiToken = undefined;
    } else if (typeof source === 'object' && source !== null && ('apiTokenFile' in source || 'serviceAccountTokenFile' in source)) {
      const files = source as { readonly apiTokenFile?: unknown; readonly serviceAccountTokenFile?: unknown };
      if (files.apiTokenFile !== undefined && files.serviceAccountTokenFile !== undefined) throw invalidTokenFileSourceError('tokenSource', this.node.path);
      if (typeof files.apiTokenFile === 'string') {
        requireNonBlank(this, files.apiTokenFile, 'tokenSource.apiTokenFile');
        apiTokenFile = files.apiTokenFile;
      } else if (typeof files.serviceAccountTokenFile === 'string') {
        requireNonBlank(this, files.serviceAccountTokenFile, 'tokenSource.serviceAccountTokenFile');
        serviceAccountTokenFile = files.serviceAccountTokenFile;
      } else {
        throw invalidTokenSourceError(source, this.node.path);
      }
    } else {
      throw invalidTokenSourceError(source, this.node.path);
    }

    this.authType = serviceAccountTokenFile !== undefined ? 'service_account_token_file' : apiTokenFile !== undefined ? 'api_token_file' : 'api_token';
    this.provider = new VcdProvider(this, 'provider', {
      url: props.url,
      org: props.org,
      sysorg: props.sysorg ?? props.org,
      vdc: props.vdc,
      authType: this.authType,
      apiToken,
      apiTokenFile,
      serviceAccountTokenFile,
      // The files are the user's own, written by the bootstrap with mode 0600; this only silences the warnings.
      allowApiTokenFile: apiTokenFile === undefined ? undefined : true,
      allowServiceAccountTokenFile: serviceAccountTokenFile === undefined ? undefined : true,
      user: VCD_UNUSED_CREDENTIAL,
      password: VCD_UNUSED_CREDENTIAL,
      allowUnverifiedSsl: props.allowUnverifiedSsl,
      alias: props.alias,
    });
  }
}
