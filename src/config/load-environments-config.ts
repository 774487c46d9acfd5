// Loads stacks/environments.json (or any file of that shape), rejects anything unexpected with a ConfigError
// naming the file, the field path and the expectation, and applies the documented defaults.
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { ConfigError, type ConfigErrorCode } from './config-error';
import type {
  BackendConfig, EnvironmentConfig, EnvironmentsConfig, TenantConfig, TenantIdentityConfig, TenantNetworkConfig,
} from './environments-config';
import { compareVcdVersions, FIRST_SERVICE_ACCOUNT_RELEASE, isSupportedVcdVersion, SUPPORTED_VCD_VERSIONS, tryParseVcdVersion, type VcdVersion } from '../vcd';

const ENV_NAME = /^[a-z][a-z0-9-]{0,31}$/;
// Org names go into stack names, directory names and state keys; VCD itself allows no spaces in them.
const TENANT_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
const USER_NAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,127}$/;
// Service-account names go into FIQL filters (`name==…`), which cannot carry spaces or , ; ( ) = * + quotes.
const SERVICE_ACCOUNT_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
const FIRST_SERVICE_ACCOUNT_VERSION = tryParseVcdVersion(FIRST_SERVICE_ACCOUNT_RELEASE) as VcdVersion;
// VDC, edge gateway and network names are matched exactly by the provider's data sources: a trailing space or
// a newline would name an object that does not exist (or fail construct validation with a stack trace), so
// only inner plain spaces are allowed; no other whitespace, control or format characters, quotes, backslashes.
const OBJECT_NAME = /^(?!\s)(?!.*\s$)(?:[^\s"\\\p{Cc}\p{Cf}]| ){1,128}$/u;
const OBJECT_NAME_RULE = 'at most 128 characters, no leading or trailing space, no control characters, tabs, newlines, quotes or backslashes';
// Written exactly as VCD reports it: numeric parts without leading zeros ("010.5" is not "10.5" to VCD).
const VCD_VERSION_TEXT = /^(?:0|[1-9]\d{0,2})(?:\.(?:0|[1-9]\d{0,2})){1,3}$/;
const PG_IDENT = /^[a-z_][a-z0-9_]{0,39}$/;
const S3_BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const S3_REGION = /^[a-z0-9-]{2,32}$/;
const KEY_PREFIX = /^[A-Za-z0-9][A-Za-z0-9._\/-]{0,127}$/;

const DEFAULT_PROVIDER_ORG = 'System';
const DEFAULT_AUTOMATION_USER = 'automation';

/** Reads and validates an environments config file. @throws ConfigError */
export function loadEnvironmentsConfig(file: string): EnvironmentsConfig {
  const sourceFile = path.resolve(file);
  let text: string;
  try {
    text = fs.readFileSync(sourceFile, 'utf8');
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code ?? 'read error';
    throw new ConfigError({ code: 'CONFIG_UNREADABLE', file: sourceFile, field: '', expected: 'a readable JSON file', got: reason });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new ConfigError({ code: 'CONFIG_INVALID_JSON', file: sourceFile, field: '', ...describeJsonSyntaxError(err, text) });
  }
  return parseEnvironmentsConfig(raw, sourceFile);
}

/**
 * Where JSON.parse failed, without its wording: on Node 20 that wording can quote the file around the error
 * (e.g. `..."cretKey": hunter2-SE"... is not valid JSON`), and a config may hold a mistakenly pasted secret.
 */
function describeJsonSyntaxError(err: unknown, text: string): { expected: string; got?: string } {
  const position = /\bat position (\d+)\b/.exec(err instanceof Error ? err.message : '');
  if (position === null) {
    return { expected: "valid JSON (the parser's detail is not shown because it can quote the file)" };
  }
  const offset = Math.min(Number(position[1]), text.length);
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - (before.lastIndexOf('\n') + 1) + 1;
  return { expected: 'valid JSON', got: `a syntax error at line ${line}, column ${column}` };
}

/** Validates an already-parsed config document; `sourceFile` is only used in messages. @throws ConfigError */
export function parseEnvironmentsConfig(raw: unknown, sourceFile: string): EnvironmentsConfig {
  return new ConfigReader(sourceFile).document(raw);
}

type Json = Record<string, unknown>;

class ConfigReader {
  constructor(private readonly file: string) {}

  document(raw: unknown): EnvironmentsConfig {
    const doc = this.object(raw, '', ['$schema', 'environments'], ['environments']);
    const list = this.array(doc.environments, 'environments');
    if (list.length === 0) this.fail('CONFIG_BAD_VALUE', 'environments', 'at least one environment');
    const environments = list.map((e, i) => this.environment(e, `environments[${i}]`));
    environments.forEach((env, i) => {
      const first = environments.findIndex((other) => other.name === env.name);
      if (first !== i) {
        this.fail('CONFIG_DUPLICATE', `environments[${i}].name`, `an environment name not already used by environments[${first}]`, JSON.stringify(env.name));
      }
    });
    this.checkUniqueStackNames(environments);
    return { sourceFile: this.file, environments };
  }

  private environment(raw: unknown, at: string): EnvironmentConfig {
    const o = this.object(raw, at,
      ['name', 'vcdUrl', 'vcdVersion', 'providerOrg', 'allowUnverifiedSsl', 'tenants', 'backend'],
      ['name', 'vcdUrl', 'vcdVersion', 'tenants']);
    const name = this.name(o.name, `${at}.name`, ENV_NAME, 'a lower-case environment name matching [a-z][a-z0-9-]* (at most 32 characters)');
    const vcdUrl = this.httpsUrl(o.vcdUrl, `${at}.vcdUrl`, 'an https URL of the VCD API ending in /api, e.g. https://vcd.example.com/api', true);
    const vcdVersion = this.string(o.vcdVersion, `${at}.vcdVersion`);
    if (!VCD_VERSION_TEXT.test(vcdVersion)) {
      this.fail('CONFIG_UNSUPPORTED_VCD_VERSION', `${at}.vcdVersion`,
        `a supported VCD version (${SUPPORTED_VCD_VERSIONS}) written like "10.5.1": 2 to 4 numbers separated by ".", without leading zeros or spaces`, JSON.stringify(vcdVersion.slice(0, 20)));
    }
    if (!isSupportedVcdVersion(vcdVersion)) {
      this.fail('CONFIG_UNSUPPORTED_VCD_VERSION', `${at}.vcdVersion`,
        `a supported VCD version (${SUPPORTED_VCD_VERSIONS}, written like "10.5.1")`, JSON.stringify(vcdVersion.slice(0, 20)));
    }
    const providerOrg = o.providerOrg === undefined ? DEFAULT_PROVIDER_ORG
      : this.name(o.providerOrg, `${at}.providerOrg`, TENANT_NAME, 'the provider org name, e.g. "System"');
    const allowUnverifiedSsl = o.allowUnverifiedSsl === undefined ? false : this.boolean(o.allowUnverifiedSsl, `${at}.allowUnverifiedSsl`);

    const tenantList = this.array(o.tenants, `${at}.tenants`);
    if (tenantList.length === 0) {
      this.fail('CONFIG_NO_TENANTS', `${at}.tenants`, 'at least one tenant (an environment without tenants has nothing to deploy with API tokens)');
    }
    const tenants = tenantList.map((t, i) => this.tenant(t, `${at}.tenants[${i}]`, name));
    tenants.forEach((t, i) => {
      if (t.identity.type !== 'serviceAccount') return;
      const version = tryParseVcdVersion(vcdVersion) as VcdVersion;
      if (compareVcdVersions(version, FIRST_SERVICE_ACCOUNT_VERSION) < 0) {
        this.fail('CONFIG_UNSUPPORTED_VCD_VERSION', `${at}.tenants[${i}].identity`,
          `an identity of type "apiToken" for tenant "${t.name}": environment "${name}" runs VCD ${vcdVersion}, and service accounts need VCD ${FIRST_SERVICE_ACCOUNT_RELEASE} or later (or raise ${at}.vcdVersion if the environment runs a newer VCD)`,
          '{"type": "serviceAccount"}');
      }
    });
    const seen = new Map<string, number>();
    tenants.forEach((t, i) => {
      const key = tenantKey(t.name);
      const first = seen.get(key);
      if (first !== undefined) {
        this.fail('CONFIG_DUPLICATE', `${at}.tenants[${i}].name`,
          `a tenant name not already used by ${at}.tenants[${first}] (names must differ ignoring case and '-' vs '_')`, JSON.stringify(t.name));
      }
      seen.set(key, i);
      if (t.name.toLowerCase() === providerOrg.toLowerCase()) {
        this.fail('CONFIG_BAD_NAME', `${at}.tenants[${i}].name`, `a tenant org, not the provider org "${providerOrg}"`);
      }
    });
    const backend = o.backend === undefined ? { type: 'local' as const } : this.backend(o.backend, `${at}.backend`);
    return { name, vcdUrl, vcdVersion, providerOrg, allowUnverifiedSsl, tenants, backend };
  }

  private tenant(raw: unknown, at: string, environment: string): TenantConfig {
    const o = this.object(raw, at, ['name', 'automationUser', 'manageAllUsers', 'manageAll', 'vdc', 'edgeGateway', 'network', 'identity'], ['name']);
    const name = this.name(o.name, `${at}.name`, TENANT_NAME, 'an org name of letters, digits, "-" or "_" (at most 64 characters)');
    if (name.toLowerCase() === 'platform') this.fail('CONFIG_BAD_NAME', `${at}.name`, 'a tenant name other than "platform" (reserved for the platform stack)');
    const automationUser = o.automationUser === undefined ? DEFAULT_AUTOMATION_USER
      : this.name(o.automationUser, `${at}.automationUser`, USER_NAME, 'a VCD user name');
    const manageAllUsers = o.manageAllUsers === undefined ? []
      : this.array(o.manageAllUsers, `${at}.manageAllUsers`).map((u, i) => this.name(u, `${at}.manageAllUsers[${i}]`, USER_NAME, 'a VCD user name'));
    if (new Set(manageAllUsers).size !== manageAllUsers.length) {
      this.fail('CONFIG_DUPLICATE', `${at}.manageAllUsers`, 'each user at most once');
    }
    let manageAll = manageAllUsers.length > 0;
    if (o.manageAll !== undefined) {
      manageAll = this.boolean(o.manageAll, `${at}.manageAll`);
      if (!manageAll && manageAllUsers.length > 0) {
        this.fail('CONFIG_BAD_VALUE', `${at}.manageAll`, 'true (or no manageAll) when manageAllUsers is not empty: those users need the token administrator role');
      }
    }
    const vdc = o.vdc === undefined ? `${name}-vdc` : this.name(o.vdc, `${at}.vdc`, OBJECT_NAME, `an org VDC name (${OBJECT_NAME_RULE})`);
    const edgeGateway = o.edgeGateway === undefined ? `${name}-edge` : this.name(o.edgeGateway, `${at}.edgeGateway`, OBJECT_NAME, `an edge gateway name (${OBJECT_NAME_RULE})`);
    const network = o.network === undefined
      ? { name: `${name}-routed`, gateway: '192.168.100.1', prefixLength: 24 }
      : this.network(o.network, `${at}.network`);
    const identity = o.identity === undefined ? { type: 'apiToken' as const } : this.identity(o.identity, `${at}.identity`, environment, name);
    return { name, automationUser, manageAllUsers, manageAll, vdc, edgeGateway, network, identity };
  }

  private identity(raw: unknown, at: string, environment: string, tenant: string): TenantIdentityConfig {
    const o = this.object(raw, at, null, ['type']);
    switch (o.type) {
      case 'apiToken':
        this.object(raw, at, ['type'], ['type']);
        return { type: 'apiToken' };
      case 'serviceAccount': {
        this.object(raw, at, ['type', 'name', 'role'], ['type', 'role']);
        const name = o.name === undefined ? `vcd-api-tokens-${environment}-${tenant}`
          : this.name(o.name, `${at}.name`, SERVICE_ACCOUNT_NAME, 'a service-account name of letters, digits, ".", "_" or "-" (at most 128 characters)');
        const role = this.name(o.role, `${at}.role`, OBJECT_NAME, `the name of the role the service account acts with, a role of the tenant org or a global role published to it (${OBJECT_NAME_RULE})`);
        return { type: 'serviceAccount', name, role };
      }
      default:
        return this.fail('CONFIG_BAD_VALUE', `${at}.type`, 'one of "apiToken" (a user\'s API token, the default) or "serviceAccount" (VCD 10.4+)', describe(o.type));
    }
  }

  private network(raw: unknown, at: string): TenantNetworkConfig {
    const o = this.object(raw, at, ['name', 'gateway', 'prefixLength'], ['name', 'gateway', 'prefixLength']);
    const name = this.name(o.name, `${at}.name`, OBJECT_NAME, `a network name (${OBJECT_NAME_RULE})`);
    const gateway = this.string(o.gateway, `${at}.gateway`);
    const family = net.isIP(gateway);
    if (family === 0 || gateway.includes('%')) {
      this.fail('CONFIG_BAD_VALUE', `${at}.gateway`, 'an IPv4 or IPv6 address (without a zone index)', JSON.stringify(gateway.slice(0, 45)));
    }
    // A routed network needs room for the gateway plus at least one host: IPv4 /31 and /32 have no usable host
    // besides the gateway (and no broadcast), IPv6 /127 and /128 likewise.
    const max = family === 4 ? 30 : 126;
    const prefixLength = o.prefixLength;
    if (typeof prefixLength !== 'number' || !Number.isInteger(prefixLength) || prefixLength < 1 || prefixLength > max) {
      this.fail('CONFIG_BAD_VALUE', `${at}.prefixLength`,
        `an integer from 1 to ${max} for an IPv${family} routed network (a longer prefix leaves no address for hosts besides the gateway)`,
        describe(prefixLength));
    }
    const role = gatewayAddressRole(gateway, family === 4 ? 4 : 6, prefixLength as number);
    if (role !== undefined) {
      this.fail('CONFIG_BAD_VALUE', `${at}.gateway`,
        `a host address inside ${gateway}/${String(prefixLength)}, not its ${role} (e.g. the first usable address)`, JSON.stringify(gateway));
    }
    return { name, gateway, prefixLength: prefixLength as number };
  }

  private backend(raw: unknown, at: string): BackendConfig {
    const o = this.object(raw, at, null, ['type']);
    const type = o.type;
    const check = (allowed: string[], required: string[]): void => {
      for (const key of Object.keys(o)) {
        if (!allowed.includes(key)) {
          const hint = /pass|secret|token|key$|access|conn/i.test(key)
            ? ' (credentials never go in the config: set them in the environment, e.g. AWS_*, TF_HTTP_PASSWORD, PG_CONN_STR)' : '';
          this.fail('CONFIG_BAD_BACKEND', `${at}.${key}`, `no such field for a "${String(type)}" backend; known fields: ${allowed.join(', ')}${hint}`);
        }
      }
      for (const key of required) {
        if (o[key] === undefined) this.fail('CONFIG_BAD_BACKEND', `${at}.${key}`, `a value: required for a "${String(type)}" backend`);
      }
    };
    switch (type) {
      case 'local': {
        check(['type', 'directory'], []);
        if (o.directory === undefined) return { type };
        const directory = this.string(o.directory, `${at}.directory`);
        if (directory === '' || directory.includes('\0')) this.fail('CONFIG_BAD_BACKEND', `${at}.directory`, 'a non-empty directory path');
        return { type, directory };
      }
      case 's3': {
        check(['type', 'bucket', 'region', 'keyPrefix', 'dynamodbTable', 'useLockfile', 'endpoint', 'usePathStyle'], ['bucket', 'region']);
        return {
          type,
          bucket: this.backendString(o.bucket, `${at}.bucket`, S3_BUCKET, 'an S3 bucket name (3-63 lower-case letters, digits, "." or "-")'),
          region: this.backendString(o.region, `${at}.region`, S3_REGION, 'a region such as "eu-west-1"'),
          ...(o.keyPrefix === undefined ? {} : { keyPrefix: this.backendString(o.keyPrefix, `${at}.keyPrefix`, KEY_PREFIX, 'a key prefix such as "vcd/states"') }),
          ...(o.dynamodbTable === undefined ? {} : { dynamodbTable: this.backendString(o.dynamodbTable, `${at}.dynamodbTable`, /^[A-Za-z0-9_.-]{3,255}$/, 'a DynamoDB table name') }),
          ...(o.endpoint === undefined ? {} : { endpoint: this.httpsUrl(o.endpoint, `${at}.endpoint`, 'an https URL of the S3-compatible endpoint', false, 'CONFIG_BAD_BACKEND') }),
          ...(o.usePathStyle === undefined ? {} : { usePathStyle: this.boolean(o.usePathStyle, `${at}.usePathStyle`) }),
          ...(o.useLockfile === undefined ? {} : { useLockfile: this.boolean(o.useLockfile, `${at}.useLockfile`) }),
        };
      }
      case 'http': {
        check(['type', 'address', 'lockAddress', 'unlockAddress'], ['address']);
        const address = this.httpsUrl(o.address, `${at}.address`, 'an https URL of the state (may contain {stack})', false, 'CONFIG_BAD_BACKEND');
        const perStack = (v: unknown, field: string): string => {
          const url = this.httpsUrl(v, `${at}.${field}`, 'an https URL containing {stack}', false, 'CONFIG_BAD_BACKEND');
          if (!url.includes('{stack}')) this.fail('CONFIG_BAD_BACKEND', `${at}.${field}`, 'an https URL containing {stack}, so that each stack has its own lock');
          return url;
        };
        return {
          type, address,
          ...(o.lockAddress === undefined ? {} : { lockAddress: perStack(o.lockAddress, 'lockAddress') }),
          ...(o.unlockAddress === undefined ? {} : { unlockAddress: perStack(o.unlockAddress, 'unlockAddress') }),
        };
      }
      case 'pg': {
        check(['type', 'schemaPrefix'], []);
        if (o.schemaPrefix === undefined) return { type };
        return { type, schemaPrefix: this.backendString(o.schemaPrefix, `${at}.schemaPrefix`, PG_IDENT, 'a lower-case SQL identifier prefix ([a-z_][a-z0-9_]*, at most 40 characters)') };
      }
      default:
        return this.fail('CONFIG_BAD_BACKEND', `${at}.type`, 'one of "local", "s3", "http", "pg"', describe(type));
    }
  }

  private checkUniqueStackNames(environments: readonly EnvironmentConfig[]): void {
    const seen = new Map<string, string>();
    environments.forEach((env, i) => {
      const names: [string, string][] = [[`${env.name}-platform`, `environments[${i}].name`]];
      env.tenants.forEach((t, j) => names.push([`${env.name}-${t.name}`, `environments[${i}].tenants[${j}].name`]));
      for (const [stack, field] of names) {
        const key = stack.toLowerCase().replace(/_/g, '-');
        const first = seen.get(key);
        if (first !== undefined) {
          this.fail('CONFIG_DUPLICATE', field, `a name whose stack "${stack}" does not clash with the stack of ${first}`);
        }
        seen.set(key, field);
      }
    });
  }

  // --- primitives ---------------------------------------------------------------------------------------

  private object(raw: unknown, at: string, allowed: readonly string[] | null, required: readonly string[]): Json {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) this.fail('CONFIG_WRONG_TYPE', at, 'an object', describe(raw));
    const o = raw as Json;
    if (allowed) {
      for (const key of Object.keys(o)) {
        if (!allowed.includes(key)) {
          this.fail('CONFIG_UNKNOWN_FIELD', join(at, key), `no such field; known fields here: ${allowed.join(', ')}`);
        }
      }
    }
    for (const key of required) {
      if (o[key] === undefined) this.fail('CONFIG_MISSING_FIELD', join(at, key), 'a value: this field is required');
    }
    return o;
  }

  private array(raw: unknown, at: string): unknown[] {
    if (!Array.isArray(raw)) this.fail('CONFIG_WRONG_TYPE', at, 'an array', describe(raw));
    return raw as unknown[];
  }

  private string(raw: unknown, at: string): string {
    if (typeof raw !== 'string') this.fail('CONFIG_WRONG_TYPE', at, 'a string', describe(raw));
    return raw as string;
  }

  private boolean(raw: unknown, at: string): boolean {
    if (typeof raw !== 'boolean') this.fail('CONFIG_WRONG_TYPE', at, 'true or false', describe(raw));
    return raw as boolean;
  }

  private name(raw: unknown, at: string, pattern: RegExp, expected: string): string {
    const s = this.string(raw, at);
    if (!pattern.test(s)) this.fail('CONFIG_BAD_NAME', at, expected, JSON.stringify(s.slice(0, 64)));
    return s;
  }

  private backendString(raw: unknown, at: string, pattern: RegExp, expected: string): string {
    if (typeof raw !== 'string') this.fail('CONFIG_BAD_BACKEND', at, expected, describe(raw));
    const s = raw as string;
    if (!pattern.test(s)) this.fail('CONFIG_BAD_BACKEND', at, expected, JSON.stringify(s.slice(0, 64)));
    return s;
  }

  /** https only, no user info, query or fragment; the value itself is never echoed (it could embed credentials). */
  private httpsUrl(raw: unknown, at: string, expected: string, vcdApi: boolean, code: ConfigErrorCode = 'CONFIG_BAD_URL'): string {
    if (typeof raw !== 'string') this.fail(code, at, expected, describe(raw));
    let url: URL;
    try {
      url = new URL(raw as string);
    } catch {
      return this.fail(code, at, expected, 'a string that is not a URL');
    }
    if (url.protocol !== 'https:') this.fail(code, at, expected, `scheme "${url.protocol.replace(':', '')}"`);
    if (url.username !== '' || url.password !== '') this.fail(code, at, `${expected}, without user name or password (credentials come from the environment)`, 'a URL with user info');
    if (url.search !== '' || url.hash !== '') this.fail(code, at, `${expected}, without query or fragment`, 'a URL with a query or fragment');
    if (vcdApi) {
      const p = url.pathname.replace(/\/+$/, '');
      if (!p.endsWith('/api')) this.fail(code, at, expected, `path "${url.pathname.slice(0, 64)}"`);
      return `${url.origin}${p}`;
    }
    return raw as string;
  }

  private fail(code: ConfigErrorCode, field: string, expected: string, got?: string): never {
    throw new ConfigError({ code, file: this.file, field, expected, got });
  }
}

function join(at: string, key: string): string {
  const k = /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? key : JSON.stringify(key.slice(0, 64));
  if (at === '') return k;
  return /^[A-Za-z_$]/.test(k) ? `${at}.${k}` : `${at}[${k}]`;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return 'a string';
  if (typeof v === 'number') return `the number ${v}`;
  if (typeof v === 'boolean') return String(v);
  return typeof v;
}

/** Tenants collide when they differ only in case or '-' vs '_' (stack dirs, pg schema names). */
function tenantKey(name: string): string {
  return name.toLowerCase().replace(/_/g, '-');
}

/**
 * Whether `address` is the network address (all host bits 0) or, for IPv4, the broadcast address (all host bits
 * 1) of its /prefixLength; neither can be a gateway. For IPv6 the all-zero host is the subnet-router anycast.
 */
function gatewayAddressRole(address: string, family: 4 | 6, prefixLength: number): string | undefined {
  const bits = family === 4 ? 32 : 128;
  const value = family === 4 ? ipv4ToBigInt(address) : ipv6ToBigInt(address);
  const hostMask = (1n << BigInt(bits - prefixLength)) - 1n;
  const host = value & hostMask;
  if (host === 0n) return family === 4 ? 'network address' : 'subnet-router anycast address (all host bits 0)';
  if (family === 4 && host === hostMask) return 'broadcast address';
  return undefined;
}

function ipv4ToBigInt(address: string): bigint {
  return address.split('.').reduce((acc, part) => (acc << 8n) | BigInt(Number(part)), 0n);
}

/** Only called on addresses net.isIP accepted as IPv6 (possibly with an embedded IPv4 tail). */
function ipv6ToBigInt(address: string): bigint {
  let text = address;
  const lastColon = text.lastIndexOf(':');
  if (text.includes('.', lastColon)) {
    const v4 = ipv4ToBigInt(text.slice(lastColon + 1));
    text = `${text.slice(0, lastColon + 1)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined];
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === undefined || tail === '' ? [] : tail.split(':');
  const zeros = tail === undefined ? [] : new Array<string>(8 - headGroups.length - tailGroups.length).fill('0');
  return [...headGroups, ...zeros, ...tailGroups].reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n);
}
