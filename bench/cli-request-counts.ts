// Requests per `vcd-token` command in a fresh process: each command is the real built CLI, spawned against an
// emulator, and its requests are read from the emulator's request log (and its TLS handshakes from the
// server). Used by the bootstrap benchmark (prints them) and by test/cli/request-counts.test.ts (pins them).
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { EmulatorRequestLogEntry as RequestLogEntry, RunningEmulator } from '../src/emulator';

/** What a request is for, named as the client README names the operations. */
export type RequestKind =
  | 'versions'
  | 'login'
  | 'register'
  | 'grant'
  | 'exchange'
  | 'list'
  | 'revoke'
  | 'logout'
  | 'verify'
  | 'session'
  | 'account'
  | 'device-authorization'
  | 'decision'
  | 'account-revoke'
  | 'account-delete'
  | 'task'
  | 'other';

export function requestKind(e: Pick<RequestLogEntry, 'method' | 'url' | 'grantType'>): RequestKind {
  const p = e.url.split('?')[0] as string;
  if (e.method === 'GET' && p.endsWith('/api/versions')) return 'versions';
  if (e.method === 'POST' && /\/cloudapi\/1\.0\.0\/sessions(\/provider)?$/.test(p)) return 'login';
  if (e.method === 'POST' && p.endsWith('/register')) return 'register';
  if (e.method === 'POST' && p.endsWith('/token')) return e.grantType === 'refresh_token' ? 'exchange' : 'grant';
  if (e.method === 'GET' && p.endsWith('/cloudapi/1.0.0/tokens')) return 'list';
  if (e.method === 'DELETE' && p.includes('/cloudapi/1.0.0/tokens/')) return 'revoke';
  if (e.method === 'DELETE' && p.endsWith('/sessions/current')) return 'logout';
  if (e.method === 'GET' && p.endsWith('/sessions/current')) return 'session';
  if (e.method === 'GET' && p.endsWith('/api/org')) return 'verify';
  // Service accounts: reading one (or a page), the device flow's start and an administrator's grant or deny.
  if (e.method === 'GET' && p.includes('/cloudapi/1.0.0/serviceAccounts')) return 'account';
  if (e.method === 'POST' && p.endsWith('/device_authorization')) return 'device-authorization';
  if (e.method === 'POST' && p.includes('/cloudapi/1.0.0/deviceLookup/')) return 'decision';
  if (e.method === 'POST' && /\/cloudapi\/1\.0\.0\/serviceAccounts\/[^/]+\/revoke$/.test(p)) return 'account-revoke';
  if (e.method === 'DELETE' && p.includes('/cloudapi/1.0.0/serviceAccounts/')) return 'account-delete';
  if (e.method === 'GET' && /\/(task|tasks)\//.test(p)) return 'task';
  return 'other';
}

export interface CommandRequests {
  readonly exitCode: number | null;
  readonly stderr: string;
  /** The command's requests in order. */
  readonly kinds: readonly RequestKind[];
  /** TLS connections the emulator accepted during the command. */
  readonly tlsConnections: number;
}

export interface CliCountContext {
  readonly emu: RunningEmulator;
  /** Path of the built `vcd-token.js`. */
  readonly cli: string;
  /** A private scratch directory (HOME, token files, config). */
  readonly home: string;
}

function cliEnv(ctx: CliCountContext, extra: Record<string, string>): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: ctx.home,
    TMPDIR: ctx.home,
    XDG_STATE_HOME: path.join(ctx.home, 'state'),
    VCD_URL: `${ctx.emu.url}/api`,
    VCD_CA_FILE: ctx.emu.caFile ?? '',
    VCD_ORG: 'acme',
    ...extra,
  };
}

/**
 * The requests (and TLS connections) the emulator saw while `command` ran: a spawned CLI here, the in-process
 * CLI in tests (which starts every run like a fresh process).
 */
export async function countRequests(emu: RunningEmulator, command: () => Promise<{ readonly exitCode: number | null; readonly stderr: string }>): Promise<CommandRequests> {
  const lastSeq = emu.requestLog.entries().at(-1)?.seq ?? -1;
  let tlsConnections = 0;
  const onTls = (): void => {
    tlsConnections++;
  };
  emu.server.on('secureConnection', onTls);
  try {
    const { exitCode, stderr } = await command();
    const kinds = emu.requestLog
      .entries()
      .filter((e) => e.seq > lastSeq)
      .map(requestKind);
    return { exitCode, stderr, kinds, tlsConnections };
  } finally {
    emu.server.off('secureConnection', onTls);
  }
}

/** Runs one `vcd-token` command in its own process and returns the requests the emulator saw from it. */
export function countCommand(ctx: CliCountContext, args: readonly string[], env: Record<string, string> = {}): Promise<CommandRequests> {
  return countRequests(ctx.emu, () =>
    new Promise<{ exitCode: number | null; stderr: string }>((resolve, reject) => {
      const child = spawn(process.execPath, [ctx.cli, ...args], { env: cliEnv(ctx, env), cwd: ctx.home, stdio: ['ignore', 'ignore', 'pipe'] });
      let err = '';
      child.stderr.on('data', (d: Buffer) => (err += d.toString('utf8')));
      child.on('error', reject);
      child.on('close', (c) => resolve({ exitCode: c, stderr: err }));
    }),
  );
}

const PASSWORD_ENV = { VCD_USER: 'automation', VCD_PASSWORD: 'vcd-emulator-demo' };

export interface TokenCommandCounts {
  readonly create: CommandRequests;
  readonly exchange: CommandRequests;
  readonly exchangeVerify: CommandRequests;
}

export interface SessionCommandCounts {
  readonly whoamiPassword: CommandRequests;
  readonly whoamiToken: CommandRequests;
  readonly rotate: CommandRequests;
  readonly revokeTokenFile: CommandRequests;
}

export interface BootstrapCommandCounts {
  readonly bootstrapCreate: CommandRequests;
  readonly bootstrapReuse: CommandRequests;
  readonly bootstrapReuseTwoTenants: CommandRequests;
}

/** The scenarios the README table reports, each command in a fresh process. */
export type CliRequestCounts = TokenCommandCounts & SessionCommandCounts & BootstrapCommandCounts;

function writeConfig(ctx: CliCountContext, tenants: readonly string[]): string {
  const file = path.join(ctx.home, `environments-${tenants.join('-')}.json`);
  const environments = [
    {
      name: 'dev',
      vcdUrl: 'https://vcd-dev.invalid/api',
      vcdVersion: '10.5.1',
      tenants: tenants.map((name, i) => ({ name, automationUser: 'automation', network: { name: `${name}-net`, gateway: `10.${i + 1}.0.1`, prefixLength: 24 } })),
    },
  ];
  fs.writeFileSync(file, JSON.stringify({ environments }));
  return file;
}

/** Runs `scenario` with a scratch directory and a runner that fails when a command does not exit 0. */
async function inScratch<T>(emu: RunningEmulator, cli: string, scenario: (run: (args: readonly string[], env?: Record<string, string>) => Promise<CommandRequests>, ctx: CliCountContext) => Promise<T>): Promise<T> {
  const ctx: CliCountContext = { emu, cli, home: fs.mkdtempSync(path.join(os.tmpdir(), 'cli-request-counts-')) };
  const run = async (args: readonly string[], env: Record<string, string> = {}): Promise<CommandRequests> => {
    const r = await countCommand(ctx, args, env);
    if (r.exitCode !== 0) throw new Error(`vcd-token ${args[0]} exited ${r.exitCode}: ${r.stderr.trim().split('\n')[0]}`);
    return r;
  };
  try {
    return await scenario(run, ctx);
  } finally {
    fs.rmSync(ctx.home, { recursive: true, force: true });
  }
}

/** create, then exchange with and without --verify (three processes). */
export function measureTokenCommands(emu: RunningEmulator, cli: string): Promise<TokenCommandCounts> {
  return inScratch(emu, cli, async (run, ctx) => {
    const tokenFile = path.join(ctx.home, 'count.json');
    const create = await run(['create', '--name', 'request-count', '--token-file', tokenFile], PASSWORD_ENV);
    const exchange = await run(['exchange', '--token-file', tokenFile]);
    const exchangeVerify = await run(['exchange', '--verify', '--token-file', tokenFile]);
    return { create, exchange, exchangeVerify };
  });
}

/** whoami (password, token), rotate and revoke of a token file (four processes, after an uncounted create). */
export function measureSessionCommands(emu: RunningEmulator, cli: string): Promise<SessionCommandCounts> {
  return inScratch(emu, cli, async (run, ctx) => {
    const tokenFile = path.join(ctx.home, 'session.json');
    await run(['create', '--name', 'request-count-session', '--token-file', tokenFile], PASSWORD_ENV);
    const whoamiPassword = await run(['whoami'], PASSWORD_ENV);
    const whoamiToken = await run(['whoami', '--token-file', tokenFile]);
    const rotate = await run(['rotate', '--token-file', tokenFile], PASSWORD_ENV);
    const revokeTokenFile = await run(['revoke', '--token-file', tokenFile, '--delete-file']);
    return { whoamiPassword, whoamiToken, rotate, revokeTokenFile };
  });
}

/** bootstrap of one tenant (create, then reuse) and the reuse of two tenants (four processes). */
export function measureBootstrapCommands(emu: RunningEmulator, cli: string): Promise<BootstrapCommandCounts> {
  return inScratch(emu, cli, async (run, ctx) => {
    const tokenDir = path.join(ctx.home, 'tokens');
    const bootstrap = (config: string, env: Record<string, string> = {}) =>
      run(['bootstrap', '--config', config, '--vcd-url', `dev=${emu.url}/api`], { VCD_TOKEN_DIR: tokenDir, ...env });
    const one = writeConfig(ctx, ['acme']);
    const two = writeConfig(ctx, ['acme', 'globex']);
    const bootstrapCreate = await bootstrap(one, { VCD_PASSWORD: PASSWORD_ENV.VCD_PASSWORD });
    const bootstrapReuse = await bootstrap(one);
    await bootstrap(two, { VCD_PASSWORD: PASSWORD_ENV.VCD_PASSWORD });
    const bootstrapReuseTwoTenants = await bootstrap(two);
    return { bootstrapCreate, bootstrapReuse, bootstrapReuseTwoTenants };
  });
}

/** Every scenario once against `emu` (the demo world). */
export async function measureCliRequestCounts(emu: RunningEmulator, cli: string): Promise<CliRequestCounts> {
  return { ...(await measureTokenCommands(emu, cli)), ...(await measureSessionCommands(emu, cli)), ...(await measureBootstrapCommands(emu, cli)) };
}

/** `create: 4 (versions, login, register, grant) +1 same-name check (list) +1 logout`, from the requests seen. */
export function describeCounts(label: string, r: CommandRequests, extras: Readonly<Partial<Record<RequestKind, string>>> = {}): string {
  const core: RequestKind[] = [];
  const separate = new Map<string, number>();
  for (const kind of r.kinds) {
    const extra = extras[kind];
    if (extra) separate.set(extra, (separate.get(extra) ?? 0) + 1);
    else core.push(kind);
  }
  const tail = [...separate].map(([what, n]) => ` +${n} ${what}`).join('');
  return `${label}: ${core.length} (${core.join(', ') || 'none'})${tail}; TLS connections: ${r.tlsConnections}`;
}
