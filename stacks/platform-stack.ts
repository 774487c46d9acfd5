// The System-org stack of one environment: rights bundles that carry the token rights to the tenants, the
// global roles that grant them, and the service accounts of tenants that deploy with one (with a bundle of the
// service-account rights for those tenants). Token sessions cannot manage bundles, roles or service accounts
// (docs/vcd-protocol.md#token-session-restrictions), so this stack authenticates with a provider administrator's
// password, from sensitive variables.
import { TerraformOutput, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { ApiTokenGlobalRole, ApiTokenRightsBundle, VcdPasswordProvider, VcdServiceAccount } from '../src/constructs';
import { ServiceAccountRight } from '../src/vcd';
import type { EnvironmentConfig } from '../src/config';
import {
  SERVICE_ACCOUNT_RIGHTS_BUNDLE_NAME, TOKEN_ADMIN_RIGHTS_BUNDLE_NAME, TOKEN_ADMINISTRATOR_ROLE_NAME, TOKEN_AUTOMATION_ROLE_NAME, TOKEN_RIGHTS_BUNDLE_NAME,
} from './stack-naming';

export interface PlatformStackProps {
  readonly environment: EnvironmentConfig;
  /** VCD API URL to use instead of the configured one (e.g. the emulator's). @default environment.vcdUrl */
  readonly vcdUrl?: string;
}

export class PlatformStack extends TerraformStack {
  public readonly environmentName: string;
  public readonly provider: VcdPasswordProvider;
  public readonly bundles: ApiTokenRightsBundle[] = [];
  public readonly roles: ApiTokenGlobalRole[] = [];
  /** One per tenant whose identity is a service account. */
  public readonly serviceAccounts: VcdServiceAccount[] = [];

  public constructor(scope: Construct, id: string, props: PlatformStackProps) {
    super(scope, id);
    const env = props.environment;
    this.environmentName = env.name;
    this.provider = new VcdPasswordProvider(this, 'vcd', {
      url: props.vcdUrl ?? env.vcdUrl,
      org: env.providerOrg,
      sysorg: env.providerOrg,
      allowUnverifiedSsl: env.allowUnverifiedSsl,
    });

    // Two bundles rather than one per tenant: the number of VCD objects stays constant as tenants grow.
    // A tenant gets exactly one of them; the admin bundle also carries "API Tokens: Manage".
    const allTenants = env.tenants.map((t) => t.name);
    const adminTenants = env.tenants.filter((t) => t.manageAll).map((t) => t.name);
    const ownOnlyTenants = env.tenants.filter((t) => !t.manageAll).map((t) => t.name);
    if (ownOnlyTenants.length > 0) {
      this.bundles.push(new ApiTokenRightsBundle(this, 'token-rights', {
        name: TOKEN_RIGHTS_BUNDLE_NAME,
        description: 'API token rights (manage own tokens), managed by vcd-api-tokens',
        vcdVersion: env.vcdVersion,
        tenants: ownOnlyTenants,
      }));
    }
    if (adminTenants.length > 0) {
      this.bundles.push(new ApiTokenRightsBundle(this, 'token-admin-rights', {
        name: TOKEN_ADMIN_RIGHTS_BUNDLE_NAME,
        description: 'API token rights (manage own and all users\' tokens), managed by vcd-api-tokens',
        vcdVersion: env.vcdVersion,
        includeManageAll: true,
        tenants: adminTenants,
      }));
    }
    this.roles.push(new ApiTokenGlobalRole(this, 'automation-role', {
      name: TOKEN_AUTOMATION_ROLE_NAME,
      kind: 'automation',
      vcdVersion: env.vcdVersion,
      tenants: allTenants,
    }));
    if (adminTenants.length > 0) {
      this.roles.push(new ApiTokenGlobalRole(this, 'administrator-role', {
        name: TOKEN_ADMINISTRATOR_ROLE_NAME,
        kind: 'administrator',
        vcdVersion: env.vcdVersion,
        tenants: adminTenants,
      }));
    }
    // Service accounts: declared here (a token session cannot), authorized once by an administrator with the
    // device flow. Their tenants get the service-account rights, so the tenant's own administrators can
    // authorize, revoke and re-authorize the account without the provider.
    const serviceAccountTenants = env.tenants.filter((t) => t.identity.type === 'serviceAccount');
    if (serviceAccountTenants.length > 0) {
      this.bundles.push(new ApiTokenRightsBundle(this, 'service-account-rights', {
        name: SERVICE_ACCOUNT_RIGHTS_BUNDLE_NAME,
        description: 'Service-account rights (and own API tokens) for tenants that deploy with a service account, managed by vcd-api-tokens',
        vcdVersion: env.vcdVersion,
        extraRights: [ServiceAccountRight.VIEW, ServiceAccountRight.MANAGE],
        tenants: serviceAccountTenants.map((t) => t.name),
      }));
    }
    for (const tenant of serviceAccountTenants) {
      if (tenant.identity.type !== 'serviceAccount') continue;
      this.serviceAccounts.push(new VcdServiceAccount(this, `service-account-${tenant.name}`, {
        name: tenant.identity.name,
        org: tenant.name,
        roleName: tenant.identity.role,
        vcdVersion: env.vcdVersion,
        uri: 'https://github.com/vcd-api-tokens',
      }));
    }
    new TerraformOutput(this, 'token-role-names', {
      value: this.roles.map((r) => r.globalRole.name),
      description: 'Global roles to assign to tenant users (automation users, token administrators)',
    });
  }
}
