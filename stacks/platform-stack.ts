// The System-org stack of one environment: rights bundles that carry the token rights to the tenants, and the
// global roles that grant them. Token sessions cannot manage bundles or roles
// (docs/vcd-protocol.md#token-session-restrictions), so this stack authenticates with a provider administrator's
// password, from sensitive variables.
import { TerraformOutput, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { ApiTokenGlobalRole, ApiTokenRightsBundle, VcdPasswordProvider } from '../src/constructs';
import type { EnvironmentConfig } from '../src/config';
import {
  TOKEN_ADMIN_RIGHTS_BUNDLE_NAME, TOKEN_ADMINISTRATOR_ROLE_NAME, TOKEN_AUTOMATION_ROLE_NAME, TOKEN_RIGHTS_BUNDLE_NAME,
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
    new TerraformOutput(this, 'token-role-names', {
      value: this.roles.map((r) => r.globalRole.name),
      description: 'Global roles to assign to tenant users (automation users, token administrators)',
    });
  }
}
