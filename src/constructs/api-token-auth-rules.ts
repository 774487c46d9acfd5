// Pure rules of the ApiTokenAuthGuard (cdk-nag v2 style): given a resource, say whether it is compliant, not
// applicable, or a finding. The Aspect in api-token-auth-guard.ts only walks the tree and reports.
import { TerraformProvider, TerraformResource, TerraformStack, Token } from 'cdktf';
import { ConstructErrorCode, guardAuthTypeUnknownFinding, guardProviderNotFoundFinding, tokenSessionRestrictedFinding } from './errors';

export { TOKEN_SESSION_RULE } from './errors';

/**
 * Resources a session authenticated with an API token or service account may only view or may not touch
 * (docs/vcd-protocol.md#token-session-restrictions). The access-control resources are included because the
 * provider's own test suite skips them under token auth (`skipTestForServiceAccountAndApiToken`); that they fail
 * is INFERRED from that skip list.
 */
export const TOKEN_SESSION_RESTRICTED_RESOURCE_TYPES: readonly string[] = [
  'vcd_rights_bundle',
  'vcd_global_role',
  'vcd_role',
  'vcd_org_user',
  'vcd_org_group',
  'vcd_api_token',
  'vcd_service_account',
  'vcd_catalog_access_control',
  'vcd_vapp_access_control',
];

/** True for the resource types the token-session rule applies to (any other type is never a finding). */
export function isTokenSessionRestrictedType(type: string): boolean {
  return TOKEN_SESSION_RESTRICTED_RESOURCE_TYPES.includes(type);
}

/** Provider auth types that create token sessions. */
export const TOKEN_AUTH_TYPES: readonly string[] = ['api_token', 'api_token_file', 'service_account_token_file'];

/** Outcome of a guard rule for one resource; a finding's message starts with `[code]` and omits the resource path. */
export type AuthGuardRuleResult =
  | { readonly compliance: 'COMPLIANT' | 'NOT_APPLICABLE' }
  | { readonly compliance: 'NON_COMPLIANT'; readonly code: ConstructErrorCode; readonly message: string };

/** How a provider authenticates: an auth type, or 'unknown' when it cannot be told at synth. */
export type VcdAuthTypeResolution = string | 'unknown';

/**
 * The auth the provider really uses. The provider authenticates with a service-account file, a token file or
 * a token whenever one is set, whatever auth_type says (docs/vcd-protocol.md#provider-authentication); with
 * none of them and no auth_type it defaults to "integrated". VCD_AUTH_TYPE and VCD_API_TOKEN_FILE in the
 * plan-time environment can still change this; synth cannot see them.
 */
export function effectiveVcdAuthType(attributes: Readonly<Record<string, unknown>>): VcdAuthTypeResolution {
  if (isSet(attributes.service_account_token_file)) return 'service_account_token_file';
  if (isSet(attributes.api_token_file)) return 'api_token_file';
  if (isSet(attributes.api_token)) return 'api_token';
  const authType = attributes.auth_type;
  if (authType === undefined || authType === null) return 'integrated';
  if (typeof authType !== 'string' || Token.isUnresolved(authType)) return 'unknown';
  return authType;
}

/** The provider's synthesized attributes (overrides included), snake_case as in the JSON. */
export function providerAttributes(provider: TerraformProvider): Record<string, unknown> {
  const block = (provider.toTerraform() as { provider?: Record<string, Array<Record<string, unknown>>> }).provider;
  return block?.[provider.terraformResourceType]?.[0] ?? {};
}

/**
 * The provider a resource is configured with: its `provider`, an override `provider = "vcd.<alias>"`, or the
 * stack's unaliased provider of the resource's provider type. Undefined when none can be found.
 */
export function providerOfResource(resource: TerraformResource): TerraformProvider | undefined {
  if (resource.provider) return resource.provider;
  const providerType = resource.terraformResourceType.split('_')[0];
  const providers = TerraformStack.of(resource)
    .node.findAll()
    .filter((c): c is TerraformProvider => TerraformProvider.isTerraformProvider(c) && c.terraformResourceType === providerType);
  const override = (resource as unknown as { rawOverrides?: Record<string, unknown> }).rawOverrides?.provider;
  if (override !== undefined) {
    if (typeof override !== 'string' || Token.isUnresolved(override)) return undefined;
    const [type, alias] = override.split('.');
    return providers.find((p) => p.terraformResourceType === type && p.alias === alias);
  }
  return providers.find((p) => p.alias === undefined);
}

/** Rule: a token-authenticated provider must not declare resources token sessions cannot manage. */
export function tokenSessionRestrictedResource(resource: TerraformResource): AuthGuardRuleResult {
  const type = resource.terraformResourceType;
  if (!isTokenSessionRestrictedType(type)) return { compliance: 'NOT_APPLICABLE' };
  const provider = providerOfResource(resource);
  if (!provider) return { compliance: 'NON_COMPLIANT', code: 'CONSTRUCT_GUARD_AUTH_UNKNOWN', message: guardProviderNotFoundFinding(type) };
  const authType = effectiveVcdAuthType(providerAttributes(provider));
  if (authType === 'unknown') {
    return { compliance: 'NON_COMPLIANT', code: 'CONSTRUCT_GUARD_AUTH_UNKNOWN', message: guardAuthTypeUnknownFinding(type, provider.node.path) };
  }
  if (!TOKEN_AUTH_TYPES.includes(authType)) return { compliance: 'COMPLIANT' };
  return {
    compliance: 'NON_COMPLIANT',
    code: 'CONSTRUCT_GUARD_TOKEN_SESSION_RESTRICTED',
    message: tokenSessionRestrictedFinding(type, authType, provider.node.path),
  };
}

function isSet(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '';
}
