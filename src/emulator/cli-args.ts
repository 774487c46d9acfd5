import { readFileSync } from 'node:fs';
import { loadFaultFile } from './faults/fault-injector';
import type { EmulatorOptions } from './start-emulator';
import { resolveVcdRelease } from './versions/vcd-releases';

/** Env var read for the System administrator password unless `--admin-password-env` names another. */
export const ADMIN_PASSWORD_ENV = 'VCD_EMULATOR_ADMIN_PASSWORD';
/** Env var read for the demo tenant users' password unless `--demo-password-env` names another. */
export const DEMO_PASSWORD_ENV = 'VCD_EMULATOR_DEMO_PASSWORD';

export const EMULATOR_USAGE = `Usage: vcd-emulator [options]

A strict, stateful VMware Cloud Director emulator on loopback. When ready it prints one JSON line on stdout:
  {"url":"https://127.0.0.1:PORT","caFile":"/tmp/.../ca.pem","vcdVersion":"10.5.0","apiVersion":"38.0"}
Logs go to stderr. SIGINT/SIGTERM stop it cleanly (exit 0).

Options:
  --vcd-version V          VCD release to impersonate: 10.3.0..10.6.1 or 10.3..10.6 (default 10.5.0)
  --port N                 TCP port on 127.0.0.1 (default 0: a free port)
  --host H                 loopback address to bind: 127.0.0.1, ::1 or localhost (default 127.0.0.1)
  --http                   plain HTTP instead of HTTPS (caFile is then null)
  --cert FILE --key FILE   serve this certificate and key instead of generating a CA at start
  --ca FILE                CA to report with --cert (default: the certificate itself)
  --seed FILE              JSON seed describing orgs, users, roles, bundles (default: the demo world)
  --state FILE             load state from FILE when it exists; rewrite it atomically on every change
  --admin-password-env VAR env var holding the System/administrator password (default ${ADMIN_PASSWORD_ENV};
                           unset: "vcd-emulator-admin"). Passwords are never accepted on the command line.
  --demo-password-env VAR  env var holding the demo tenant users' password (default ${DEMO_PASSWORD_ENV};
                           unset: "vcd-emulator-demo")
  --idle-timeout S         session idle timeout in seconds; also expires_in (default 1800)
  --absolute-timeout S     absolute session lifetime in seconds (default 86400)
  --max-sessions N         live sessions kept before the oldest is dropped (default 10000)
  --device-code-interval S device-flow polling interval in seconds; faster polls get slow_down (default 5;
                           0: never slow_down)
  --device-code-expires-in S lifetime of device and user codes in seconds (default 600)
  --faults FILE            JSON array of fault rules active from the start
  --rotate-refresh-tokens  every refresh_token grant returns a new refresh_token and kills the old one
  --require-accept-version answer 406 when an /api or /cloudapi Accept header names no version
  --log-requests           log one redacted line per request on stderr
  --help                   show this help
`;

/** A command line the emulator cannot run with; `message` says what and how to fix it. */
export class EmulatorUsageError extends Error {
  public readonly code = 'EMULATOR_USAGE';

  public constructor(message: string) {
    super(message);
    this.name = 'EmulatorUsageError';
  }
}

export type ParsedEmulatorArgs = { readonly kind: 'help' } | { readonly kind: 'run'; readonly options: EmulatorOptions };

const VALUE_FLAGS = new Set([
  '--vcd-version', '--port', '--host', '--cert', '--key', '--ca', '--seed', '--state', '--admin-password-env',
  '--demo-password-env', '--idle-timeout', '--absolute-timeout', '--max-sessions', '--faults', '--device-code-interval',
  '--device-code-expires-in',
]);
const BOOLEAN_FLAGS = new Set(['--http', '--log-requests', '--rotate-refresh-tokens', '--require-accept-version', '--help', '-h']);
const LOOPBACK_HOSTS = new Set(['127.0.0.1', '::1', 'localhost']);

function positiveInteger(flag: string, raw: string, allowZero = false): number {
  if (!/^\d+$/.test(raw) || (!allowZero && Number(raw) === 0)) {
    throw new EmulatorUsageError(`${flag} expects a ${allowZero ? 'non-negative' : 'positive'} integer, got "${raw}"`);
  }
  return Number(raw);
}

function readPem(flag: string, file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new EmulatorUsageError(`${flag} ${file}: cannot read the file (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
}

/** Parses `vcd-emulator` arguments (without `node` and the script). Throws EmulatorUsageError. */
export function parseEmulatorArgs(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): ParsedEmulatorArgs {
  const values = new Map<string, string>();
  const flags = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.indexOf('=');
    const name = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    if (/^--(admin-|demo-)?password$/.test(name) || name === '--token') {
      throw new EmulatorUsageError(
        `${name} is refused: secrets on the command line leak through ps and shell history; ` +
          `put the password in an env var (${ADMIN_PASSWORD_ENV} / ${DEMO_PASSWORD_ENV}) or name one with --admin-password-env`,
      );
    }
    if (BOOLEAN_FLAGS.has(name)) {
      if (eq > 0) throw new EmulatorUsageError(`${name} takes no value`);
      flags.add(name);
      continue;
    }
    if (!VALUE_FLAGS.has(name)) {
      throw new EmulatorUsageError(`Unknown option "${arg}"; run vcd-emulator --help for the list`);
    }
    const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined || value === '' || (eq < 0 && value.startsWith('--'))) {
      throw new EmulatorUsageError(`${name} needs a value`);
    }
    if (values.has(name)) throw new EmulatorUsageError(`${name} is given twice`);
    values.set(name, value);
  }
  if (flags.has('--help') || flags.has('-h')) return { kind: 'help' };

  const vcdVersion = values.get('--vcd-version');
  if (vcdVersion !== undefined) {
    try {
      resolveVcdRelease(vcdVersion);
    } catch (err) {
      throw new EmulatorUsageError(`--vcd-version: ${(err as Error).message}`);
    }
  }
  const host = values.get('--host');
  if (host !== undefined && !LOOPBACK_HOSTS.has(host)) {
    throw new EmulatorUsageError(`--host ${host} is refused: the emulator only listens on loopback (127.0.0.1, ::1, localhost)`);
  }
  const port = values.has('--port') ? positiveInteger('--port', values.get('--port')!, true) : undefined;
  if (port !== undefined && port > 65535) throw new EmulatorUsageError(`--port must be at most 65535, got ${port}`);

  const http = flags.has('--http');
  const certFile = values.get('--cert');
  const keyFile = values.get('--key');
  if ((certFile === undefined) !== (keyFile === undefined)) {
    throw new EmulatorUsageError('--cert and --key go together: give both, or neither to generate a CA at start');
  }
  if (http && certFile) throw new EmulatorUsageError('--http cannot be combined with --cert/--key');
  if (values.has('--ca') && !certFile) throw new EmulatorUsageError('--ca only applies together with --cert and --key');
  const tls = certFile && keyFile
    ? {
        certPem: readPem('--cert', certFile),
        keyPem: readPem('--key', keyFile),
        caPem: values.has('--ca') ? readPem('--ca', values.get('--ca')!) : undefined,
      }
    : undefined;

  const passwordFrom = (flag: string, fallbackVar: string): string | undefined => {
    const name = values.get(flag);
    if (name !== undefined) {
      const value = env[name];
      if (value === undefined || value === '') {
        throw new EmulatorUsageError(`${flag} ${name}: that environment variable is not set or empty`);
      }
      return value;
    }
    const value = env[fallbackVar];
    return value === undefined || value === '' ? undefined : value;
  };

  let faults: EmulatorOptions['faults'];
  if (values.has('--faults')) {
    try {
      faults = loadFaultFile(values.get('--faults')!);
    } catch (err) {
      throw new EmulatorUsageError(`--faults: ${(err as Error).message}`);
    }
  }

  const options: EmulatorOptions = {
    vcdVersion,
    host,
    port,
    http,
    tls,
    seedFile: values.get('--seed'),
    stateFile: values.get('--state'),
    adminPassword: passwordFrom('--admin-password-env', ADMIN_PASSWORD_ENV),
    demoPassword: passwordFrom('--demo-password-env', DEMO_PASSWORD_ENV),
    sessionIdleTimeoutSeconds: values.has('--idle-timeout') ? positiveInteger('--idle-timeout', values.get('--idle-timeout')!) : undefined,
    sessionAbsoluteTimeoutSeconds: values.has('--absolute-timeout')
      ? positiveInteger('--absolute-timeout', values.get('--absolute-timeout')!)
      : undefined,
    maxSessions: values.has('--max-sessions') ? positiveInteger('--max-sessions', values.get('--max-sessions')!) : undefined,
    deviceCodeIntervalSeconds: values.has('--device-code-interval')
      ? positiveInteger('--device-code-interval', values.get('--device-code-interval')!, true)
      : undefined,
    deviceCodeExpiresInSeconds: values.has('--device-code-expires-in')
      ? positiveInteger('--device-code-expires-in', values.get('--device-code-expires-in')!)
      : undefined,
    faults,
    logRequests: flags.has('--log-requests'),
    rotateRefreshTokens: flags.has('--rotate-refresh-tokens'),
    requireAcceptVersion: flags.has('--require-accept-version'),
  };
  return { kind: 'run', options };
}
