// The main job's service-account tenant (demo mode): the path of a tenant that deploys as a service account
// (VCD 10.4+), next to the API-token tenants. When the config declares none, the demo adds the tenant declared in
// stacks/demo-service-account-tenant.json (`initech`, an org of the emulator's demo world) to the first
// environment on 10.4 or later, for its run only, so `npm start` always shows it; the summary names that file.
// The one-time administrator step runs as the provider's System administrator (register, device flow, grant) and
// puts the first token into the file-backed store, as `vcd-token service-account create --authorize --env … --to
// file` does; from then on the bootstrap holds no password: it reads the token from the store, exchanges it (VCD
// rotates it) and writes the new one back, confirmed, before the deploy's token file.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { serviceAccountTokenFileVariableName, serviceAccountTokenVariableName } from '../src/bootstrap';
import { VcdClient } from '../src/client';
import { type EnvironmentsConfig, parseEnvironmentsConfig } from '../src/config';
import { DEMO_ADMIN_PASSWORD as EMULATOR_DEMO_ADMIN_PASSWORD } from '../src/emulator/world/demo-world';
import { SERVICE_ACCOUNT_FILE_TYPE } from '../src/handoff/token-file';
import { FileSecretStore, type StoreReceipt } from '../src/stores';
import { derivedSoftwareId } from '../src/vcd/software-id';
import { hasServiceAccounts, tryParseVcdVersion } from '../src/vcd/vcd-version';

/** The file declaring the demo's service-account tenant, relative to the project root. */
export const DEMO_SERVICE_ACCOUNT_FILE = path.join('stacks', 'demo-service-account-tenant.json');

/** Where the demo's tenant went: `<env>/<tenant>`, the file that declares it, and the config that declares none. */
export interface AddedServiceAccountTenant {
  readonly at: string;
  readonly file: string;
  readonly configFile: string;
}

/** The config, with the tenant declared in `demoFile` added unless the config declares a service-account tenant. */
export function withServiceAccountTenant(config: EnvironmentsConfig, demoFile: string): { config: EnvironmentsConfig; added?: AddedServiceAccountTenant } {
  if (config.environments.some((e) => e.tenants.some((t) => t.identity.type === 'serviceAccount'))) return { config };
  const tenant = (JSON.parse(fs.readFileSync(demoFile, 'utf8')) as { tenant: { name: string } }).tenant;
  const supports = (version: string) => {
    const parsed = tryParseVcdVersion(version);
    return parsed !== undefined && hasServiceAccounts(parsed);
  };
  const target = config.environments.find((e) => supports(e.vcdVersion) && !e.tenants.some((t) => t.name === tenant.name));
  if (!target) return { config };
  const doc = JSON.parse(fs.readFileSync(config.sourceFile, 'utf8')) as { environments: { name: string; tenants: unknown[] }[] };
  doc.environments.find((e) => e.name === target.name)?.tenants.push(tenant);
  return { config: parseEnvironmentsConfig(doc, config.sourceFile), added: { at: `${target.name}/${tenant.name}`, file: demoFile, configFile: config.sourceFile } };
}

export interface AuthorizedServiceAccount {
  readonly env: string;
  readonly tenant: string;
  readonly name: string;
  readonly id: string;
  readonly secretName: string;
  readonly receipt: StoreReceipt;
}

/**
 * The administrator's one-time step for every service-account tenant: register, authorize, grant, and the first
 * token into the store. Sets VCD_SA_TOKEN_FILE_<ENV>_<TENANT> in `pipelineEnv` (the store's file).
 */
export async function authorizeServiceAccounts(
  config: EnvironmentsConfig,
  connection: { readonly vcdUrls: Readonly<Record<string, string>>; readonly caPerEnvironment: Readonly<Record<string, string>> },
  storeFor: (env: string, tenant: string) => FileSecretStore,
  pipelineEnv: NodeJS.ProcessEnv,
): Promise<AuthorizedServiceAccount[]> {
  const authorized: AuthorizedServiceAccount[] = [];
  for (const environment of config.environments) {
    const tenants = environment.tenants.filter((t) => t.identity.type === 'serviceAccount');
    if (tenants.length === 0) continue;
    const vcd = new VcdClient({ url: connection.vcdUrls[environment.name], ca: connection.caPerEnvironment[environment.name], maxConnections: 1 });
    try {
      const admin = await vcd.loginWithPassword({ org: 'System', user: 'administrator', password: EMULATOR_DEMO_ADMIN_PASSWORD });
      for (const tenant of tenants) {
        if (tenant.identity.type !== 'serviceAccount') continue;
        const { name, role } = tenant.identity;
        const account = await vcd.serviceAccounts.register(admin, { name, role, org: tenant.name, softwareId: derivedSoftwareId(`${tenant.name.toLowerCase()}/${name}`) });
        const auth = await vcd.serviceAccounts.authorize(admin, { id: account.id, org: tenant.name });
        await vcd.serviceAccounts.grant(admin, auth.userCode);
        const secretName = serviceAccountTokenVariableName(environment.name, tenant.name);
        const store = storeFor(environment.name, tenant.name);
        let receipt: StoreReceipt | undefined;
        await vcd.serviceAccounts.pollDeviceToken(auth, {
          persist: async (token) => {
            receipt = await store.put(secretName, token, { tokenType: SERVICE_ACCOUNT_FILE_TYPE, tokenId: account.id, tokenName: name, org: tenant.name, vcdUrl: connection.vcdUrls[environment.name] });
          },
          sleep: async () => undefined, // granted above: the first check answers
        });
        pipelineEnv[serviceAccountTokenFileVariableName(environment.name, tenant.name)] = store.tokenFileFor(secretName);
        authorized.push({ env: environment.name, tenant: tenant.name, name, id: account.id, secretName, receipt: receipt as StoreReceipt });
      }
      await vcd.logout(admin).catch(() => undefined);
    } finally {
      await vcd.close();
    }
  }
  return authorized;
}
