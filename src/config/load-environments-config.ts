// Loads stacks/environments.json (or any file of that shape), rejects anything unexpected with a ConfigError
// naming the file and, for every problem in it, the field path and the expectation; applies the documented
// defaults.
import { isUtf8 } from 'node:buffer';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { jsonSyntaxErrorOffset } from './json-syntax-offset';
import { ConfigError, type ConfigErrorCode, type ConfigProblem } from './config-error';
import type {
  BackendConfig, EnvironmentConfig, EnvironmentsConfig, HttpStateBackendConfig, LocalStateBackendConfig, PgStateBackendConfig,
  S3StateBackendConfig, TenantConfig, TenantIdentityConfig, TenantNetworkConfig,
} from './environments-config';
import { normalizeVcdApiUrl, VCD_API_URL_EXAMPLE } from '../vcd/api-url';
import { FIRST_SERVICE_ACCOUNT_RELEASE } from '../vcd/releases';
import { hasServiceAccounts, isSupportedVcdVersion, SUPPORTED_VCD_VERSIONS, tryParseVcdVersion, type VcdVersion } from '../vcd/vcd-version';

const ENV_NAME = /^[a-z][a-z0-9-]{0,31}$/;
// Org names go into stack names, directory names and state keys; VCD itself allows no spaces in them.
const TENANT_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
const USER_NAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,127}$/;
// Service-account names go into FIQL filters (`name==…`), which cannot carry spaces or , ; ( ) = * + quotes.
const SERVICE_ACCOUNT_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
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

/** Larger than any config (a thousand tenants take about 300 KiB); a bigger file is not read. */
const MAX_CONFIG_BYTES = 16 * 1024 * 1024;

/** Reads and validates an environments config file, reporting every problem it has. @throws ConfigError */
export function loadEnvironmentsConfig(file: string): EnvironmentsConfig {
  const sourceFile = path.resolve(file);
  const unreadable = (got: string, expected = 'a readable JSON file'): ConfigError =>
    new ConfigError({ code: 'CONFIG_UNREADABLE', file: sourceFile, field: '', expected, got });
  let bytes: Buffer;
  try {
    const stat = fs.statSync(sourceFile);
    if (stat.isDirectory()) throw unreadable('a directory');
    if (stat.size > MAX_CONFIG_BYTES) throw unreadable(`${Math.ceil(stat.size / (1024 * 1024))} MiB`, 'a config file of at most 16 MiB');
    bytes = fs.readFileSync(sourceFile);
  } catch (err) {
    if (err instanceof ConfigError) throw err;
    const code = (err as NodeJS.ErrnoException).code ?? 'read error';
    // The errno alone does not say what to do.
    if (code === 'ENOENT' || code === 'ENOTDIR') throw unreadable(`${code}: no such file`, 'an existing environments config: check the path (stacks/environments.json of this project is an example)');
    if (code === 'EACCES' || code === 'EPERM') throw unreadable(`${code}: permission denied`, 'a JSON file this user can read: fix its mode or owner');
    throw unreadable(code);
  }
  const text = decodeUtf8(bytes, sourceFile);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new ConfigError({ code: 'CONFIG_INVALID_JSON', file: sourceFile, field: '', ...describeJsonSyntaxError(err, text) });
  }
  return parseEnvironmentsConfig(raw, sourceFile);
}

/**
 * The file as text. JSON exchanged between systems must be UTF-8 (RFC 8259 section 8.1): invalid bytes and UTF-16
 * are refused with where and what to do (a lenient decode would put U+FFFD into resource names); a UTF-8 byte
 * order mark, which the RFC lets parsers ignore, is dropped.
 */
function decodeUtf8(bytes: Buffer, file: string): string {
  const notUtf8 = (got: string): ConfigError =>
    new ConfigError({ code: 'CONFIG_INVALID_JSON', file, field: '', expected: 'JSON text in UTF-8; save the file as UTF-8', got });
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) throw notUtf8('UTF-16 text with a byte order mark');
  // JSON text starts with ASCII: UTF-16 without a mark has a zero byte next to it.
  if (bytes.length >= 2 && (bytes[0] === 0 || bytes[1] === 0)) throw notUtf8('UTF-16 text (zero bytes between the characters)');
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const body = bytes.subarray(start);
  // Node's native check first; the byte-by-byte scan only to say where a file it rejects goes wrong.
  const invalidAt = isUtf8(body) ? body.length : firstInvalidUtf8Offset(body);
  if (invalidAt < body.length) {
    const before = body.subarray(0, invalidAt).toString('utf8');
    const line = before.split('\n').length;
    const column = [...before.slice(before.lastIndexOf('\n') + 1)].length + 1;
    throw notUtf8(`an invalid UTF-8 byte sequence at line ${line}, column ${column}`);
  }
  return body.toString('utf8');
}

/** Offset of the first byte that does not start a complete, valid UTF-8 sequence (RFC 3629); the length if none. */
function firstInvalidUtf8Offset(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i];
    if (lead < 0x80) {
      i++;
      continue;
    }
    const continuation = lead >= 0xc2 && lead <= 0xdf ? 1 : lead >= 0xe0 && lead <= 0xef ? 2 : lead >= 0xf0 && lead <= 0xf4 ? 3 : -1;
    if (continuation < 0 || i + continuation >= bytes.length) return i;
    for (let k = 1; k <= continuation; k++) if ((bytes[i + k] & 0xc0) !== 0x80) return i;
    const second = bytes[i + 1];
    // Overlong forms, UTF-16 surrogates and code points above U+10FFFF.
    if ((lead === 0xe0 && second < 0xa0) || (lead === 0xed && second > 0x9f) || (lead === 0xf0 && second < 0x90) || (lead === 0xf4 && second > 0x8f)) return i;
    i += continuation + 1;
  }
  return bytes.length;
}

/**
 * Where JSON.parse failed, without its wording: on Node 20 that wording can quote the file around the error
 * (e.g. `..."cretKey": hunter2-SE"... is not valid JSON`), and a config may hold a mistakenly pasted secret.
 */
function describeJsonSyntaxError(err: unknown, text: string): { expected: string; got?: string } {
  // The parser's position when it names one, else our own scan's (its message would quote the file).
  const position = /\bat position (\d+)\b/.exec(err instanceof Error ? err.message : '');
  const found = position !== null ? Number(position[1]) : jsonSyntaxErrorOffset(text);
  if (found === undefined) return { expected: 'valid JSON (no comments, trailing commas or unquoted keys)' };
  const offset = Math.min(found, text.length);
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - (before.lastIndexOf('\n') + 1) + 1;
  const where = offset === text.length ? `the file ends too early, at line ${line}, column ${column}` : `a syntax error at line ${line}, column ${column}`;
  return { expected: 'valid JSON (no comments, trailing commas or unquoted keys)', got: where };
}

/** Validates an already-parsed config document; `sourceFile` is only used in messages. @throws ConfigError listing every problem */
export function parseEnvironmentsConfig(raw: unknown, sourceFile: string): EnvironmentsConfig {
  return new ConfigReader(sourceFile).document(raw);
}

type Json = Record<string, unknown>;

/**
 * Thrown by a reader when a value cannot be used (its problem is already recorded): the reader of the enclosing
 * field catches it and carries on with the next field, so one run reports every problem of the file.
 */
const UNUSABLE = Symbol('unusable config value');

class ConfigReader {
  private readonly problems: ConfigProblem[] = [];

  constructor(private readonly file: string) {}

  document(raw: unknown): EnvironmentsConfig {
    const environments = this.field(() => {
      const doc = this.object(raw, '', ['$schema', 'environments'], ['environments']);
      const list = this.array(doc.environments, 'environments');
      if (list.length === 0) this.fail('CONFIG_BAD_VALUE', 'environments', 'at least one environment');
      return this.each(list, (e, i) => this.environment(e, `environments[${i}]`));
    });
    if (environments !== undefined) {
      // Names are compared wherever they are valid themselves, also in entries with problems elsewhere.
      const names = new Map<string, number>();
      validNames(rawList(raw, 'environments'), ENV_NAME).forEach((name, i) => {
        if (name === undefined) return;
        const first = names.get(name);
        if (first !== undefined) {
          this.report('CONFIG_DUPLICATE', `environments[${i}].name`, `an environment name not already used by environments[${first}]`, JSON.stringify(name));
        } else names.set(name, i);
      });
      this.checkUniqueStackNames(environments);
    }
    if (this.problems.length > 0 || environments === undefined) throw new ConfigError({ file: this.file, problems: this.problems });
    return { sourceFile: this.file, environments: environments as EnvironmentConfig[] };
  }

  private environment(raw: unknown, at: string): EnvironmentConfig {
    const o = this.object(raw, at,
      ['name', 'vcdUrl', 'vcdVersion', 'providerOrg', 'allowUnverifiedSsl', 'tenants', 'backend'],
      ['name', 'vcdUrl', 'vcdVersion', 'tenants']);
    const name = this.field(() => this.name(o.name, `${at}.name`, ENV_NAME, 'a lower-case environment name matching [a-z][a-z0-9-]* (at most 32 characters)'));
    const vcdUrl = this.field(() => this.vcdApiUrl(o.vcdUrl, `${at}.vcdUrl`));
    const vcdVersion = this.field(() => {
      const text = this.string(o.vcdVersion, `${at}.vcdVersion`);
      if (!VCD_VERSION_TEXT.test(text)) {
        this.fail('CONFIG_UNSUPPORTED_VCD_VERSION', `${at}.vcdVersion`,
          `a supported VCD version (${SUPPORTED_VCD_VERSIONS}) written like "10.5.1": 2 to 4 numbers separated by ".", without leading zeros or spaces`, JSON.stringify(text.slice(0, 20)));
      }
      if (!isSupportedVcdVersion(text)) {
        this.fail('CONFIG_UNSUPPORTED_VCD_VERSION', `${at}.vcdVersion`,
          `a supported VCD version (${SUPPORTED_VCD_VERSIONS}, written like "10.5.1")`, JSON.stringify(text.slice(0, 20)));
      }
      return text;
    });
    const providerOrg = o.providerOrg === undefined ? DEFAULT_PROVIDER_ORG
      : this.field(() => this.name(o.providerOrg, `${at}.providerOrg`, TENANT_NAME, 'the provider org name, e.g. "System"'));
    const allowUnverifiedSsl = o.allowUnverifiedSsl === undefined ? false : this.field(() => this.boolean(o.allowUnverifiedSsl, `${at}.allowUnverifiedSsl`));

    const tenants = this.field(() => {
      const tenantList = this.array(o.tenants, `${at}.tenants`);
      if (tenantList.length === 0) {
        this.fail('CONFIG_NO_TENANTS', `${at}.tenants`, 'at least one tenant (an environment without tenants has nothing to deploy with API tokens)');
      }
      const list = this.each(tenantList, (t, i) => this.tenant(t, `${at}.tenants[${i}]`, name ?? ''));
      list.forEach((t, i) => {
        if (t?.identity.type !== 'serviceAccount' || vcdVersion === undefined) return;
        if (!hasServiceAccounts(tryParseVcdVersion(vcdVersion) as VcdVersion)) {
          this.report('CONFIG_UNSUPPORTED_VCD_VERSION', `${at}.tenants[${i}].identity`,
            `an identity of type "apiToken" for tenant "${t.name}": environment "${name}" runs VCD ${vcdVersion}, and service accounts need VCD ${FIRST_SERVICE_ACCOUNT_RELEASE} or later (or raise ${at}.vcdVersion if the environment runs a newer VCD)`,
            '{"type": "serviceAccount"}');
        }
      });
      const seen = new Map<string, number>();
      validNames(tenantList, TENANT_NAME).forEach((tenantName, i) => {
        if (tenantName === undefined) return;
        const key = tenantKey(tenantName);
        const first = seen.get(key);
        if (first !== undefined) {
          this.report('CONFIG_DUPLICATE', `${at}.tenants[${i}].name`,
            `a tenant name not already used by ${at}.tenants[${first}] (names must differ ignoring case and '-' vs '_')`, JSON.stringify(tenantName));
        } else seen.set(key, i);
        if (providerOrg !== undefined && tenantName.toLowerCase() === providerOrg.toLowerCase()) {
          this.report('CONFIG_BAD_NAME', `${at}.tenants[${i}].name`, `a tenant org, not the provider org "${providerOrg}"`);
        }
      });
      return list;
    });
    const backend = o.backend === undefined ? { type: 'local' as const } : this.field(() => this.backend(o.backend, `${at}.backend`));
    if (name === undefined || vcdUrl === undefined || vcdVersion === undefined || providerOrg === undefined || allowUnverifiedSsl === undefined
      || tenants === undefined || tenants.some((t) => t === undefined) || backend === undefined) {
      throw UNUSABLE;
    }
    return { name, vcdUrl, vcdVersion, providerOrg, allowUnverifiedSsl, tenants: tenants as TenantConfig[], backend };
  }

  private tenant(raw: unknown, at: string, environment: string): TenantConfig {
    const o = this.object(raw, at, ['name', 'automationUser', 'manageAllUsers', 'manageAll', 'vdc', 'edgeGateway', 'network', 'identity'], ['name']);
    const name = this.field(() => {
      const text = this.name(o.name, `${at}.name`, TENANT_NAME, 'an org name of letters, digits, "-" or "_" (at most 64 characters)');
      if (text.toLowerCase() === 'platform') this.fail('CONFIG_BAD_NAME', `${at}.name`, 'a tenant name other than "platform" (reserved for the platform stack)');
      return text;
    });
    const automationUser = o.automationUser === undefined ? DEFAULT_AUTOMATION_USER
      : this.field(() => this.name(o.automationUser, `${at}.automationUser`, USER_NAME, 'a VCD user name'));
    const manageAllUsers = o.manageAllUsers === undefined ? [] : this.field(() => {
      const users = this.each(this.array(o.manageAllUsers, `${at}.manageAllUsers`), (u, i) => this.name(u, `${at}.manageAllUsers[${i}]`, USER_NAME, 'a VCD user name'));
      if (users.some((u) => u === undefined)) throw UNUSABLE;
      if (new Set(users).size !== users.length) this.fail('CONFIG_DUPLICATE', `${at}.manageAllUsers`, 'each user at most once');
      return users as string[];
    });
    const manageAll = this.field(() => {
      if (o.manageAll === undefined) return (manageAllUsers ?? []).length > 0;
      const value = this.boolean(o.manageAll, `${at}.manageAll`);
      if (!value && (manageAllUsers ?? []).length > 0) {
        this.fail('CONFIG_BAD_VALUE', `${at}.manageAll`, 'true (or no manageAll) when manageAllUsers is not empty: those users need the token administrator role');
      }
      return value;
    });
    const vdc = o.vdc === undefined ? `${name}-vdc` : this.field(() => this.name(o.vdc, `${at}.vdc`, OBJECT_NAME, `an org VDC name (${OBJECT_NAME_RULE})`));
    const edgeGateway = o.edgeGateway === undefined ? `${name}-edge`
      : this.field(() => this.name(o.edgeGateway, `${at}.edgeGateway`, OBJECT_NAME, `an edge gateway name (${OBJECT_NAME_RULE})`));
    const network = o.network === undefined
      ? { name: `${name}-routed`, gateway: '192.168.100.1', prefixLength: 24 }
      : this.field(() => this.network(o.network, `${at}.network`));
    const identity = o.identity === undefined ? { type: 'apiToken' as const } : this.field(() => this.identity(o.identity, `${at}.identity`, environment, name ?? ''));
    if (name === undefined || automationUser === undefined || manageAllUsers === undefined || manageAll === undefined || vdc === undefined
      || edgeGateway === undefined || network === undefined || identity === undefined) {
      throw UNUSABLE;
    }
    return { name, automationUser, manageAllUsers, manageAll, vdc, edgeGateway, network, identity };
  }

  private identity(raw: unknown, at: string, environment: string, tenant: string): TenantIdentityConfig {
    const o = this.object(raw, at, null, ['type']);
    switch (o.type) {
      case undefined:
        throw UNUSABLE;
      case 'apiToken':
        this.object(raw, at, ['type'], []);
        return { type: 'apiToken' };
      case 'serviceAccount': {
        this.object(raw, at, ['type', 'name', 'role'], ['role']);
        const name = o.name === undefined ? `vcd-api-tokens-${environment}-${tenant}`
          : this.field(() => this.name(o.name, `${at}.name`, SERVICE_ACCOUNT_NAME, 'a service-account name of letters, digits, ".", "_" or "-" (at most 128 characters)'));
        const role = this.field(() => this.name(o.role, `${at}.role`, OBJECT_NAME, `the name of the role the service account acts with, a role of the tenant org or a global role published to it (${OBJECT_NAME_RULE})`));
        if (name === undefined || role === undefined) throw UNUSABLE;
        return { type: 'serviceAccount', name, role };
      }
      default:
        return this.fail('CONFIG_BAD_VALUE', `${at}.type`, 'one of "apiToken" (a user\'s API token, the default) or "serviceAccount" (VCD 10.4+)', describe(o.type));
    }
  }

  private network(raw: unknown, at: string): TenantNetworkConfig {
    const o = this.object(raw, at, ['name', 'gateway', 'prefixLength'], ['name', 'gateway', 'prefixLength']);
    const name = this.field(() => this.name(o.name, `${at}.name`, OBJECT_NAME, `a network name (${OBJECT_NAME_RULE})`));
    let family: number | undefined;
    const gateway = this.field(() => {
      const text = this.string(o.gateway, `${at}.gateway`);
      family = net.isIP(text);
      if (family === 0 || text.includes('%')) {
        this.fail('CONFIG_BAD_VALUE', `${at}.gateway`, 'an IPv4 or IPv6 address (without a zone index)', JSON.stringify(text.slice(0, 45)));
      }
      return text;
    });
    // A routed network needs room for the gateway plus at least one host: IPv4 /31 and /32 have no usable host
    // besides the gateway (and no broadcast), IPv6 /127 and /128 likewise.
    if (gateway === undefined) family = undefined;
    const prefixLength = this.field(() => {
      const value = o.prefixLength;
      if (value === undefined) throw UNUSABLE;
      const max = family === 6 ? 126 : family === 4 ? 30 : 126;
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) {
        this.fail('CONFIG_BAD_VALUE', `${at}.prefixLength`,
          family === undefined
            ? 'an integer from 1 to 30 (IPv4) or 126 (IPv6)'
            : `an integer from 1 to ${max} for an IPv${family} routed network (a longer prefix leaves no address for hosts besides the gateway)`,
          describe(value));
      }
      return value as number;
    });
    if (name === undefined || gateway === undefined || prefixLength === undefined) throw UNUSABLE;
    const role = gatewayAddressRole(gateway, family === 4 ? 4 : 6, prefixLength);
    if (role !== undefined) {
      this.fail('CONFIG_BAD_VALUE', `${at}.gateway`,
        `a host address inside ${gateway}/${String(prefixLength)}, not its ${role} (e.g. the first usable address)`, JSON.stringify(gateway));
    }
    return { name, gateway, prefixLength };
  }

  private backend(raw: unknown, at: string): BackendConfig {
    const o = this.object(raw, at, null, ['type']);
    const type = o.type;
    if (type === undefined) throw UNUSABLE;
    const check = (allowed: string[], required: string[]): void => {
      for (const key of Object.keys(o)) {
        if (!allowed.includes(key)) {
          const hint = /pass|secret|token|key$|access|conn/i.test(key)
            ? ' (credentials never go in the config: set them in the environment, e.g. AWS_*, TF_HTTP_PASSWORD, PG_CONN_STR)' : '';
          this.report('CONFIG_BAD_BACKEND', join(at, key), `no such field for a "${String(type)}" backend; known fields: ${allowed.join(', ')}${hint}`);
        }
      }
      for (const key of required) {
        if (o[key] === undefined) this.report('CONFIG_BAD_BACKEND', `${at}.${key}`, `a value: required for a "${String(type)}" backend`);
      }
    };
    /** Every field read, then the backend is usable only if none had a problem. */
    const all = <T extends object>(fields: { [K in keyof T]: () => T[K] }): T => {
      const before = this.problems.length;
      const out: Partial<T> = {};
      for (const key of Object.keys(fields) as (keyof T)[]) {
        const value = this.field(fields[key]);
        if (value !== undefined) out[key] = value;
      }
      if (this.problems.length > before) throw UNUSABLE;
      return out as T;
    };
    const optional = <T>(value: unknown, read: () => T): (() => T | undefined) => () => (value === undefined ? undefined : read());
    switch (type) {
      case 'local': {
        check(['type', 'directory'], []);
        return all<LocalStateBackendConfig>({
          type: () => 'local',
          directory: optional(o.directory, () => {
            const directory = this.string(o.directory, `${at}.directory`);
            if (directory === '' || directory.includes('\0')) this.fail('CONFIG_BAD_BACKEND', `${at}.directory`, 'a non-empty directory path');
            return directory;
          }),
        });
      }
      case 's3': {
        check(['type', 'bucket', 'region', 'keyPrefix', 'dynamodbTable', 'useLockfile', 'endpoint', 'usePathStyle'], ['bucket', 'region']);
        return all<S3StateBackendConfig>({
          type: () => 's3',
          bucket: () => this.backendString(o.bucket, `${at}.bucket`, S3_BUCKET, 'an S3 bucket name (3-63 lower-case letters, digits, "." or "-")'),
          region: () => this.backendString(o.region, `${at}.region`, S3_REGION, 'a region such as "eu-west-1"'),
          keyPrefix: optional(o.keyPrefix, () => this.backendString(o.keyPrefix, `${at}.keyPrefix`, KEY_PREFIX, 'a key prefix such as "vcd/states"')),
          dynamodbTable: optional(o.dynamodbTable, () => this.backendString(o.dynamodbTable, `${at}.dynamodbTable`, /^[A-Za-z0-9_.-]{3,255}$/, 'a DynamoDB table name')),
          endpoint: optional(o.endpoint, () => this.httpsUrl(o.endpoint, `${at}.endpoint`, 'an https URL of the S3-compatible endpoint')),
          usePathStyle: optional(o.usePathStyle, () => this.boolean(o.usePathStyle, `${at}.usePathStyle`)),
          useLockfile: optional(o.useLockfile, () => this.boolean(o.useLockfile, `${at}.useLockfile`)),
        });
      }
      case 'http': {
        check(['type', 'address', 'lockAddress', 'unlockAddress'], ['address']);
        const perStack = (v: unknown, field: string): string => {
          const url = this.httpsUrl(v, `${at}.${field}`, 'an https URL containing {stack}');
          if (!url.includes('{stack}')) this.fail('CONFIG_BAD_BACKEND', `${at}.${field}`, 'an https URL containing {stack}, so that each stack has its own lock');
          return url;
        };
        return all<HttpStateBackendConfig>({
          type: () => 'http',
          address: () => this.httpsUrl(o.address, `${at}.address`, 'an https URL of the state (may contain {stack})'),
          lockAddress: optional(o.lockAddress, () => perStack(o.lockAddress, 'lockAddress')),
          unlockAddress: optional(o.unlockAddress, () => perStack(o.unlockAddress, 'unlockAddress')),
        });
      }
      case 'pg': {
        check(['type', 'schemaPrefix'], []);
        return all<PgStateBackendConfig>({
          type: () => 'pg',
          schemaPrefix: optional(o.schemaPrefix, () => this.backendString(o.schemaPrefix, `${at}.schemaPrefix`, PG_IDENT, 'a lower-case SQL identifier prefix ([a-z_][a-z0-9_]*, at most 40 characters)')),
        });
      }
      default:
        return this.fail('CONFIG_BAD_BACKEND', `${at}.type`, 'one of "local", "s3", "http", "pg"', describe(type));
    }
  }

  private checkUniqueStackNames(environments: readonly (EnvironmentConfig | undefined)[]): void {
    // Field paths are kept as indices and spelled out only for a clash: a large config has thousands of stacks.
    const fieldOf = (i: number, j: number): string => (j < 0 ? `environments[${i}].name` : `environments[${i}].tenants[${j}].name`);
    const seen = new Map<string, [number, number]>();
    environments.forEach((env, i) => {
      if (env === undefined) return;
      for (let j = -1; j < env.tenants.length; j++) {
        const stack = `${env.name}-${j < 0 ? 'platform' : env.tenants[j].name}`;
        const key = stack.toLowerCase().replace(/_/g, '-');
        const first = seen.get(key);
        if (first !== undefined) {
          this.report('CONFIG_DUPLICATE', fieldOf(i, j), `a name whose stack "${stack}" does not clash with the stack of ${fieldOf(first[0], first[1])}`);
        } else seen.set(key, [i, j]);
      }
    });
  }

  // --- problem collection ---------------------------------------------------------------------------------

  /** Runs one field's reader; a problem it reports is recorded and gives undefined, so the next field is read. */
  private field<T>(read: () => T): T | undefined {
    try {
      return read();
    } catch (err) {
      if (err === UNUSABLE) return undefined;
      throw err;
    }
  }

  /** Reads every element (each its own field); unusable elements are undefined in the result. */
  private each<T>(list: readonly unknown[], read: (item: unknown, index: number) => T): (T | undefined)[] {
    return list.map((item, i) => this.field(() => read(item, i)));
  }

  private report(code: ConfigErrorCode, field: string, expected: string, got?: string): void {
    this.problems.push({ code, field, expected, ...(got === undefined ? {} : { got }) });
  }

  /** Records the problem and abandons the current field. */
  private fail(code: ConfigErrorCode, field: string, expected: string, got?: string): never {
    this.report(code, field, expected, got);
    throw UNUSABLE;
  }

  // --- primitives ---------------------------------------------------------------------------------------

  /**
   * An object: unknown and missing fields are recorded (the object is still read, so its other fields are
   * checked too); a missing field's reader then gives up without a second problem.
   */
  private object(raw: unknown, at: string, allowed: readonly string[] | null, required: readonly string[]): Json {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) this.fail('CONFIG_WRONG_TYPE', at, 'an object', describe(raw));
    const o = raw as Json;
    if (allowed) {
      for (const key of Object.keys(o)) {
        if (!allowed.includes(key)) this.report('CONFIG_UNKNOWN_FIELD', join(at, key), `no such field; known fields here: ${allowed.join(', ')}`);
      }
    }
    for (const key of required) {
      if (!Object.prototype.hasOwnProperty.call(o, key) || o[key] === undefined) this.report('CONFIG_MISSING_FIELD', join(at, key), 'a value: this field is required');
    }
    // Own fields only: a missing field must read as undefined, never as an Object.prototype member.
    return Object.assign(Object.create(null) as Json, o);
  }

  private array(raw: unknown, at: string): unknown[] {
    if (raw === undefined) throw UNUSABLE;
    if (!Array.isArray(raw)) this.fail('CONFIG_WRONG_TYPE', at, 'an array', describe(raw));
    return raw as unknown[];
  }

  private string(raw: unknown, at: string): string {
    if (raw === undefined) throw UNUSABLE;
    if (typeof raw !== 'string') this.fail('CONFIG_WRONG_TYPE', at, 'a string', describe(raw));
    return raw as string;
  }

  private boolean(raw: unknown, at: string): boolean {
    if (raw === undefined) throw UNUSABLE;
    if (typeof raw !== 'boolean') this.fail('CONFIG_WRONG_TYPE', at, 'true or false', describe(raw));
    return raw as boolean;
  }

  private name(raw: unknown, at: string, pattern: RegExp, expected: string): string {
    const s = this.string(raw, at);
    if (!pattern.test(s)) this.fail('CONFIG_BAD_NAME', at, expected, JSON.stringify(s.slice(0, 64)));
    return s;
  }

  private backendString(raw: unknown, at: string, pattern: RegExp, expected: string): string {
    if (raw === undefined) throw UNUSABLE;
    if (typeof raw !== 'string') this.fail('CONFIG_BAD_BACKEND', at, expected, describe(raw));
    const s = raw as string;
    if (!pattern.test(s)) this.fail('CONFIG_BAD_BACKEND', at, expected, JSON.stringify(s.slice(0, 64)));
    return s;
  }

  /** The VCD API URL, normalised as everywhere else (src/vcd/api-url.ts); the value is never echoed. */
  private vcdApiUrl(raw: unknown, at: string): string {
    const expected = `an https URL of the VCD API: the address, or a path ending in /api, e.g. ${VCD_API_URL_EXAMPLE}`;
    if (raw === undefined) throw UNUSABLE;
    if (typeof raw !== 'string') this.fail('CONFIG_BAD_URL', at, expected, describe(raw));
    const result = normalizeVcdApiUrl(raw as string);
    if (!result.ok) return this.fail('CONFIG_BAD_URL', at, expected, result.problem);
    return result.url;
  }

  /** https only, no user info, query or fragment; the value itself is never echoed (it could embed credentials). */
  private httpsUrl(raw: unknown, at: string, expected: string): string {
    const code: ConfigErrorCode = 'CONFIG_BAD_BACKEND';
    if (raw === undefined) throw UNUSABLE;
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
    return raw as string;
  }
}

/** `raw[key]` when `raw` is an object and that field an array, else []. */
function rawList(raw: unknown, key: string): unknown[] {
  const value = typeof raw === 'object' && raw !== null && Object.prototype.hasOwnProperty.call(raw, key) ? (raw as Json)[key] : undefined;
  return Array.isArray(value) ? value : [];
}

/** The `name` of each entry when it is a string matching `pattern`, else undefined (its problem is reported elsewhere). */
function validNames(list: readonly unknown[], pattern: RegExp): (string | undefined)[] {
  return list.map((entry) => {
    const name = typeof entry === 'object' && entry !== null && !Array.isArray(entry) && Object.prototype.hasOwnProperty.call(entry, 'name') ? (entry as Json).name : undefined;
    return typeof name === 'string' && pattern.test(name) ? name : undefined;
  });
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
  if (family === 4) return ipv4GatewayAddressRole(address, prefixLength);
  const value = ipv6ToBigInt(address);
  const hostMask = (1n << BigInt(128 - prefixLength)) - 1n;
  if ((value & hostMask) === 0n) return 'subnet-router anycast address (all host bits 0)';
  return undefined;
}

/**
 * The IPv4 case in plain numbers (every tenant has a gateway; BigInt arithmetic was a visible part of loading a
 * large config): an address is below 2^32, so a double holds it and its host part exactly.
 */
function ipv4GatewayAddressRole(address: string, prefixLength: number): string | undefined {
  const hostSize = 2 ** (32 - prefixLength);
  const parts = address.split('.');
  const host = (((Number(parts[0]) * 256 + Number(parts[1])) * 256 + Number(parts[2])) * 256 + Number(parts[3])) % hostSize;
  if (host === 0) return 'network address';
  if (host === hostSize - 1) return 'broadcast address';
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
