// The default world the emulator starts with (issue #3): a provider org and three tenants, two of which have
// the API token rights published to them and one (initech) which does not, so both the happy path and the
// "provider has not published the token bundle yet" path can be exercised.
import {
  RIGHTS_CATALOGUE,
  SERVICE_ACCOUNT_RIGHTS,
  TOKEN_RIGHT_MANAGE,
  TOKEN_RIGHTS,
} from './rights-catalogue';
import { createHash } from 'node:crypto';
import { buildWorldFromSeed, type SeedOrg, type WorldSeed } from './seed';
import { hashPassword } from './secrets';
import type { World } from './world';

/** Demo-only default password of `System/administrator`. */
export const DEMO_ADMIN_PASSWORD = 'vcd-emulator-admin';
/** Demo-only default password of every tenant user. */
export const DEMO_TENANT_PASSWORD = 'vcd-emulator-demo';
/** Tenants with the "API Tokens" bundle published to them. */
export const DEMO_TOKEN_TENANTS: readonly string[] = ['acme', 'globex'];
/** Tenant without the token rights (only the Default Rights Bundle is published to it). */
export const DEMO_TENANT_WITHOUT_TOKEN_RIGHTS = 'initech';
export const DEMO_TOKEN_BUNDLE_NAME = 'API Tokens';
export const DEFAULT_RIGHTS_BUNDLE_NAME = 'Default Rights Bundle';
export const DEMO_ORG_ADMIN_ROLE = 'Organization Administrator';
export const DEMO_AUTOMATION_ROLE = 'Token Automation';
export const SYSTEM_ADMIN_ROLE = 'System Administrator';

export interface DemoWorldOptions {
  /** Password of `System/administrator`. @default DEMO_ADMIN_PASSWORD */
  readonly adminPassword?: string;
  /** Password of `orgadmin` and `automation` in every tenant. @default DEMO_TENANT_PASSWORD */
  readonly demoPassword?: string;
  /** Emulated VCD release; rights introduced later are absent. @default "10.6" */
  readonly vcdVersion?: string;
  /** @default false (see WorldOptions.caseSensitiveNames) */
  readonly caseSensitiveNames?: boolean;
}

const TOKEN_AND_SERVICE_ACCOUNT_RIGHTS = new Set([...TOKEN_RIGHTS, ...SERVICE_ACCOUNT_RIGHTS]);

/** Ordinary tenant rights: everything except provider-only, token and service-account rights. */
const TENANT_RIGHTS: readonly string[] = RIGHTS_CATALOGUE
  .filter((right) => !right.providerOnly && !TOKEN_AND_SERVICE_ACCOUNT_RIGHTS.has(right.name))
  .map((right) => right.name);

const AUTOMATION_RIGHTS: readonly string[] = [
  'Organization: View',
  'Organization vDC: View',
  'Organization vDC Network: View Properties',
  'Organization vDC Network: Edit Properties',
  'Organization vDC Gateway: View',
  'Organization vDC Gateway: Configure Firewall',
  'Organization vDC Gateway: Configure NAT',
  'vApp: Create / Reconfigure a vApp',
  'vApp: Delete',
  'vApp: Edit Properties',
  'vApp: Power Operations',
  'Catalog: View Private and Shared Catalogs',
  'vApp Template / Media: View',
  'Rights Bundle: View',
  'Role: View',
  'User: View',
  TOKEN_RIGHT_MANAGE,
];

const ORG_ADMIN_RIGHTS: readonly string[] = [...TENANT_RIGHTS, ...TOKEN_RIGHTS, ...SERVICE_ACCOUNT_RIGHTS];

// Salted scrypt digests of the demo passwords, made once per process: scrypt is slow on purpose, and tests start
// an emulator (a new demo world) dozens of times. Keyed by a SHA-256 of the password, never by the password.
const demoDigests = new Map<string, string>();

function demoPasswordHash(password: string): string {
  const key = createHash('sha256').update(password, 'utf8').digest('hex');
  let digest = demoDigests.get(key);
  if (digest === undefined) {
    digest = hashPassword(password);
    if (demoDigests.size >= 16) demoDigests.clear();
    demoDigests.set(key, digest);
  }
  return digest;
}

/** The demo world as a seed (also a template for custom seed files); in-memory only. */
export function demoWorldSeed(options: DemoWorldOptions = {}): WorldSeed {
  const demoPassword = demoPasswordHash(options.demoPassword ?? DEMO_TENANT_PASSWORD);
  const tenant = (name: string): SeedOrg => ({
    name,
    displayName: `${name[0].toUpperCase()}${name.slice(1)} Corp`,
    roles: [
      { name: DEMO_ORG_ADMIN_ROLE, description: 'Administers the organization, including all users\' API tokens', rights: ORG_ADMIN_RIGHTS, bundleKey: 'ROLE_ORGANIZATION_ADMINISTRATOR' },
      { name: DEMO_AUTOMATION_ROLE, description: 'Deploys infrastructure from CI with its own API token', rights: AUTOMATION_RIGHTS },
    ],
    users: [
      { name: 'orgadmin', role: DEMO_ORG_ADMIN_ROLE, passwordHash: demoPassword },
      { name: 'automation', role: DEMO_AUTOMATION_ROLE, passwordHash: demoPassword },
    ],
  });
  const tenants = [...DEMO_TOKEN_TENANTS, DEMO_TENANT_WITHOUT_TOKEN_RIGHTS];
  return {
    vcdVersion: options.vcdVersion ?? '10.6',
    caseSensitiveNames: options.caseSensitiveNames ?? false,
    orgs: [
      {
        name: 'System',
        displayName: 'System',
        isProvider: true,
        roles: [{ name: SYSTEM_ADMIN_ROLE, description: 'Built-in provider administrator', rights: '*', bundleKey: 'ROLE_SYSTEM_ADMINISTRATOR', readOnly: true }],
        users: [{ name: 'administrator', role: SYSTEM_ADMIN_ROLE, passwordHash: demoPasswordHash(options.adminPassword ?? DEMO_ADMIN_PASSWORD) }],
      },
      ...tenants.map(tenant),
    ],
    globalRoles: [
      { name: DEMO_ORG_ADMIN_ROLE, description: 'Tenant administrator template', rights: ORG_ADMIN_RIGHTS, publishAll: true, bundleKey: 'ROLE_ORGANIZATION_ADMINISTRATOR' },
      { name: DEMO_AUTOMATION_ROLE, description: 'CI automation with its own API token', rights: AUTOMATION_RIGHTS, tenants },
    ],
    rightsBundles: [
      { name: DEFAULT_RIGHTS_BUNDLE_NAME, description: 'Rights every tenant gets', rights: TENANT_RIGHTS, tenants, bundleKey: 'DEFAULT_TENANT_RIGHTS_BUNDLE' },
      { name: DEMO_TOKEN_BUNDLE_NAME, description: 'API token and service account rights', rights: [...TOKEN_RIGHTS, ...SERVICE_ACCOUNT_RIGHTS], tenants: DEMO_TOKEN_TENANTS },
    ],
  };
}

/** Builds the default demo world. Same options, same ids (ids are name-based). */
export function createDemoWorld(options: DemoWorldOptions = {}): World {
  return buildWorldFromSeed(demoWorldSeed(options), {
    source: '<demo world>',
    vcdVersion: options.vcdVersion,
    allowPlainPasswords: true,
  });
}
