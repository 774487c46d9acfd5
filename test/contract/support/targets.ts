// What the contract suite runs against: a real VCD when VCD_URL is set (credentials from VCD_CONTRACT_*), else
// emulators it starts itself, one per VCD version in VCD_CONTRACT_VERSIONS (default: every supported release).
import { randomBytes } from 'node:crypto';
import { startEmulator, type RunningEmulator } from '../../../src/emulator/start-emulator';
import { resolveVcdRelease } from '../../../src/emulator/versions/vcd-releases';
import { RawVcd, compareVersions, type Credentials } from './raw-vcd';

export const DEFAULT_EMULATED_VERSIONS = ['10.3.1', '10.4', '10.5', '10.6'];

export interface ContractTarget {
  /** Column title in the results table, e.g. "emulator 10.5" or "vcd.example.com". */
  readonly label: string;
  readonly isEmulator: boolean;
  /** Emulated VCD version; undefined for a real VCD. */
  readonly vcdVersion?: string;
  /** API version the checks speak (negotiated with a real VCD before the run: contract-global-setup.js). */
  readonly apiVersion: string;
  /** Whether the VCD has service accounts (API 37.0+, VCD 10.4). */
  readonly hasServiceAccounts: boolean;
  connect(): Promise<Connected>;
}

export interface Connected {
  readonly vcd: RawVcd;
  readonly sysadmin: Credentials;
  /** A tenant user holding "API Tokens: Manage". */
  readonly tenant: Credentials;
  /** Role given to the service account the suite creates (default: the tenant user's role). */
  readonly serviceAccountRole?: string;
  /** The emulator, when the target is one. */
  readonly emulator?: RunningEmulator;
  close(): Promise<void>;
}

/** A configuration problem: names the variable and what to set. */
export class ContractConfigError extends Error {}

function required(env: NodeJS.ProcessEnv, name: string, what: string): string {
  const value = env[name];
  if (!value) throw new ContractConfigError(`${name} is not set: ${what} (see docs/contract-suite.md)`);
  return value;
}

/** The targets of this run, from the environment. */
export function contractTargets(env: NodeJS.ProcessEnv = process.env): ContractTarget[] {
  if (env.VCD_URL) return [realTarget(env)];
  const versions = (env.VCD_CONTRACT_VERSIONS ?? DEFAULT_EMULATED_VERSIONS.join(','))
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '');
  return versions.map(emulatorTarget);
}

function emulatorTarget(vcdVersion: string): ContractTarget {
  let apiVersion: string;
  try {
    apiVersion = resolveVcdRelease(vcdVersion).apiVersion;
  } catch (err) {
    throw new ContractConfigError(`VCD_CONTRACT_VERSIONS: ${(err as Error).message}`);
  }
  return {
    label: `emulator ${vcdVersion}`,
    isEmulator: true,
    vcdVersion,
    apiVersion,
    hasServiceAccounts: compareVersions(apiVersion, '37.0') >= 0,
    async connect() {
      const emulator = await startEmulator({ vcdVersion });
      const vcd = new RawVcd({ url: emulator.url, caPem: emulator.caPem });
      vcd.apiVersion = apiVersion;
      return {
        vcd,
        emulator,
        sysadmin: { user: 'administrator', org: 'System', password: 'vcd-emulator-admin' },
        tenant: { user: 'automation', org: 'acme', password: 'vcd-emulator-demo' },
        serviceAccountRole: 'Token Automation',
        async close() {
          await vcd.close();
          await emulator.close();
        },
      };
    },
  };
}

function realTarget(env: NodeJS.ProcessEnv): ContractTarget {
  const url = env.VCD_URL as string;
  const apiVersion = env.VCD_CONTRACT_API_VERSION ?? env.VCD_CONTRACT_NEGOTIATED_API_VERSION;
  if (!apiVersion) throw new ContractConfigError('VCD_CONTRACT_API_VERSION is not set and the API version could not be negotiated; run through npm run test:contract');
  return {
    label: new URL(url).host,
    isEmulator: false,
    apiVersion,
    hasServiceAccounts: compareVersions(apiVersion, '37.0') >= 0,
    async connect() {
      const sysadmin: Credentials = {
        user: env.VCD_CONTRACT_SYSADMIN_USER ?? 'administrator',
        org: 'System',
        password: required(env, 'VCD_CONTRACT_SYSADMIN_PASSWORD', 'the password of the System administrator the suite logs in as'),
      };
      const tenant: Credentials = {
        org: required(env, 'VCD_CONTRACT_TENANT_ORG', 'the tenant org whose user the suite logs in as'),
        user: required(env, 'VCD_CONTRACT_TENANT_USER', 'a user of that org holding "API Tokens: Manage"'),
        password: required(env, 'VCD_CONTRACT_TENANT_PASSWORD', 'that user\'s password'),
      };
      const vcd = new RawVcd({ url, caPem: RawVcd.caFrom(env.VCD_CONTRACT_CA_FILE), insecure: env.VCD_CONTRACT_INSECURE === '1' });
      vcd.apiVersion = apiVersion;
      return {
        vcd,
        sysadmin,
        tenant,
        serviceAccountRole: env.VCD_CONTRACT_SA_ROLE,
        close: () => vcd.close(),
      };
    },
  };
}

let counter = 0;

/** `vcd-api-tokens-contract-<time>-<random>-<what>-<n>`: unique per call, recognisable for manual cleanup. */
export function uniqueName(what: string): string {
  counter += 1;
  return `${RUN_PREFIX}-${what}-${counter}`;
}

export const RUN_PREFIX = `vcd-api-tokens-contract-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
