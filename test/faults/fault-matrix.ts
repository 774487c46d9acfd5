// The fault matrix engine: runs one token-minting or token-replacing operation of `vcd-token` in-process once
// without faults to learn its requests (from the emulator's and the store doubles' request logs), then once per
// (request × fault), each cell from a clean slate, and checks the invariant of issue 12 after every cell:
//
//   every live token is held (a token file or env-file under the cell's directory, a CI store, a CI variable the
//   command was given), or named in the output of a run that exits 7 (revoke not confirmed).
//
// A service account's current token (an ACTIVE account's refresh token) is a live credential like an API token,
// and no run may print a secret it was given or found (passwords, store tokens, every token held before or after).
//
// A token the run created must be named by its id. A token that existed before the run (the one it replaces,
// a leftover) may be named by the name it was created as: the command may not know its id (a GitHub secret
// cannot be read, a failed listing finds nothing), and "tokens created as <name> may still be live: vcd-token
// list --name <name>" tells the user exactly what to check. Leftovers nobody held before the run are the
// command's to clean only when it succeeds: after exit 0 none may remain, after a failure (not 7) they may.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { requestedTokenName } from '../../src/client/token-name';
import { hashTokenSecret } from '../../src/emulator/world/secrets';
import type { FaultAction } from '../../src/emulator/faults/fault-types';
import type { RunningEmulator } from '../../src/emulator';
import { readServiceAccountTokenFile, readTokenFile } from '../../src/handoff';
import { cli, type CliResult, tempHome } from '../cli/cli-harness';
import type { DoubleFault, RunningDouble } from '../doubles/https-double';

/** Per-request timeout (seconds) of the cells whose fault stalls an answer: the client gives up, no long wait. */
export const STALL_TIMEOUT_SECONDS = '0.4';

/** A fault as the emulator injects it (VCD requests) and as the store doubles inject it (GitHub/GitLab requests). */
export interface MatrixFault {
  readonly name: string;
  readonly vcd: (emu: RunningEmulator) => FaultAction;
  readonly store: (origin: string) => DoubleFault;
  /** The cell runs with a short client timeout. */
  readonly stalls?: boolean;
}

/** Every fault the emulator can inject, in the forms that fail a request (latency only slows one down). */
export const FAULTS: readonly MatrixFault[] = [
  { name: 'reset before processing', vcd: () => ({ type: 'reset', when: 'before' }), store: () => ({ type: 'reset' }) },
  { name: 'reset after processing', vcd: () => ({ type: 'reset', when: 'after' }), store: () => ({ type: 'reset', after: true }) },
  { name: '500', vcd: () => ({ type: 'status', status: 500 }), store: () => ({ type: 'status', status: 500 }) },
  // Retry-After 0: GETs and DELETEs are retried at once (no wait), POSTs never.
  { name: '503 Retry-After 0', vcd: () => ({ type: 'status', status: 503, retryAfter: 0 }), store: () => ({ type: 'status', status: 503 }) },
  { name: '429 Retry-After 0', vcd: () => ({ type: 'status', status: 429, retryAfter: 0 }), store: () => ({ type: 'status', status: 429 }) },
  { name: 'stall past the timeout', vcd: () => ({ type: 'stall' }), store: () => ({ type: 'stall', after: true }), stalls: true },
  { name: 'malformed JSON', vcd: () => ({ type: 'malformedJson' }), store: () => ({ type: 'malformedJson' }) },
  { name: 'HTML 502', vcd: () => ({ type: 'htmlError' }), store: () => ({ type: 'html' }) },
  { name: 'redirect', vcd: (emu) => ({ type: 'redirect', location: `${emu.url}/elsewhere` }), store: (origin) => ({ type: 'redirect', location: `${origin}/elsewhere` }) },
];

/** Servers an operation talks to: the VCD emulator and, for `--to github|gitlab`, a store double. */
export interface MatrixServers {
  readonly emu: RunningEmulator;
  readonly stores: Readonly<Record<string, RunningDouble>>;
  /** The token each store double accepts, by the same key. */
  readonly storeTokens?: Readonly<Record<string, string>>;
}

/** One run of the operation, prepared from a clean slate (no token in the emulator, no fault). */
export interface PreparedCell {
  readonly argv: readonly string[];
  /** The command's whole environment (must hold HOME = the cell's directory). */
  readonly env: NodeJS.ProcessEnv;
  /** Secret values held outside the cell's directory after the run: CI store contents, CI variables given. */
  readonly heldElsewhere?: () => readonly string[];
  /** Undoes what prepare hooked into the servers (e.g. the auto-grant of a device authorization). */
  readonly dispose?: () => void;
}

export interface FaultOperation {
  readonly name: string;
  /** Sets up a cell in `home` (tokens that exist before, files, store values); faults are off. */
  prepare(home: string, servers: MatrixServers): Promise<PreparedCell> | PreparedCell;
}

/** One request of a clean run, as a fault rule can single it out. */
export interface RequestSlot {
  /** `emulator` or a store double's key. */
  readonly server: string;
  readonly method: string;
  /** The path with ids generalised (they differ per run). */
  readonly path: RegExp;
  /** Earlier requests of the clean run with the same method and path (the rule's `skip`). */
  readonly skip: number;
  /** For messages: `#3 POST /oauth/tenant/acme/register`. */
  readonly label: string;
}

export interface CellOutcome {
  readonly cell: string;
  readonly exitCode: number;
  /** Live tokens outside the held and named sets (the invariant's violations), as messages. */
  readonly violations: readonly string[];
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/** A pattern matching `pathname` with every UUID in it replaced by any UUID. */
export function pathPattern(pathname: string): RegExp {
  const parts = pathname.split(UUID).map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join('[0-9a-fA-F-]{36}')}$`);
}

/** The requests of a run, in order, from (method, url) pairs of one server. */
export function requestSlots(server: string, requests: readonly { method: string; url: string }[], numberFrom = 1): RequestSlot[] {
  const slots: RequestSlot[] = [];
  requests.forEach((r, i) => {
    const pathname = r.url.split('?')[0];
    const pattern = pathPattern(pathname);
    const skip = slots.filter((s) => s.method === r.method && s.path.source === pattern.source).length;
    slots.push({ server, method: r.method, path: pattern, skip, label: `#${numberFrom + i} ${r.method} ${pathname.replace(UUID, '<id>')}${server === 'emulator' ? '' : ` (${server})`}` });
  });
  return slots;
}

/** Revokes every API token, removes every service account, clears every fault: each cell starts from the same world. */
export function resetServers(servers: MatrixServers): void {
  for (const id of [...servers.emu.world.tokens.keys()]) servers.emu.world.revokeToken(id);
  for (const id of [...servers.emu.world.serviceAccounts.keys()]) servers.emu.world.removeServiceAccount(id);
  servers.emu.faults.clear();
  for (const double of Object.values(servers.stores)) double.clearFaults();
}

/** Secret values in the token files and env-files under `dir` (what a later step of the pipeline can use). */
export function secretsInFiles(dir: string): string[] {
  const values: string[] = [];
  const walk = (d: string): void => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const file = path.join(d, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (entry.isFile() && entry.name.endsWith('.json')) {
        try {
          values.push(readTokenFile(file).apiToken);
        } catch {
          // A service account's token file (the provider's format) is read only when asked for by its type.
        }
        try {
          values.push(readServiceAccountTokenFile(file).apiToken);
        } catch {
          // Not a token file (a config), or not a usable one: it holds nothing a pipeline could use.
        }
      } else if (entry.isFile() && entry.name.endsWith('.env')) {
        // A *_FILE entry names a token file (read above), it holds no secret itself.
        for (const m of fs.readFileSync(file, 'utf8').matchAll(/^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$/gm)) {
          if (!/_FILE$/i.test(m[1])) values.push(m[2].trim().replace(/^(['"])(.*)\1$/, '$2'));
        }
      }
    }
  };
  if (fs.existsSync(dir)) walk(dir);
  return values;
}

interface LiveToken {
  readonly id: string;
  readonly name: string;
  readonly secretHash: string | null;
}

/** Live API tokens and the current tokens of ACTIVE service accounts (each works until used or revoked). */
export function liveTokens(emu: RunningEmulator): LiveToken[] {
  const accounts = [...emu.world.serviceAccounts.values()].filter((a) => a.status === 'ACTIVE');
  return [
    ...[...emu.world.tokens.values()].map((t) => ({ id: t.id, name: t.name, secretHash: t.secretHash })),
    ...accounts.map((a) => ({ id: a.id, name: a.name, secretHash: a.secretHash })),
  ];
}

/** Env variables whose values are secrets (a path variable such as VCD_SA_TOKEN_FILE_… is not). */
const SECRET_ENV = /PASSWORD|^GH_TOKEN$|^GITHUB_TOKEN$|^GITLAB_TOKEN$|^VCD_API_TOKEN|^VCD_SA_TOKEN_(?!FILE)/;

/** The secrets a cell's output must not contain: those given in the env and every token held before or after. */
function secretsOf(home: string, prepared: PreparedCell, heldBefore: readonly string[]): string[] {
  const given = Object.entries(prepared.env).filter(([k, v]) => SECRET_ENV.test(k) && v).map(([, v]) => v as string);
  return [...new Set([...given, ...heldBefore, ...secretsInFiles(home), ...(prepared.heldElsewhere?.() ?? [])])].filter((v) => v.length >= 8);
}

function heldSecrets(home: string, prepared: PreparedCell): string[] {
  return [...secretsInFiles(home), ...(prepared.heldElsewhere?.() ?? [])];
}

function heldHashes(home: string, prepared: PreparedCell): Set<string> {
  return new Set(heldSecrets(home, prepared).map(hashTokenSecret));
}

/**
 * The invariant after a run: which live tokens nobody holds and the output does not name with exit 7.
 * `before` are the tokens live before the run with whether they were held then.
 */
export function unheldTokens(after: readonly LiveToken[], held: ReadonlySet<string>, result: Pick<CliResult, 'exitCode' | 'output'>, before: ReadonlyMap<string, boolean>): LiveToken[] {
  return after.filter((t) => {
    if (t.secretHash !== null && held.has(t.secretHash)) return false;
    if (result.exitCode === 7 && result.output.includes(t.id)) return false;
    // A leftover nobody held before the run: a failed run may leave it, a successful one must not.
    if (before.get(t.id) === false && result.exitCode !== 0 && result.exitCode !== 7) return false;
    if (before.has(t.id) && result.exitCode === 7 && result.output.includes(requestedTokenName(t.name))) return false;
    return true;
  });
}

/** Runs `operation` without faults in a fresh cell and returns its requests, in order. */
export async function cleanRun(operation: FaultOperation, servers: MatrixServers): Promise<{ result: CliResult; slots: RequestSlot[] }> {
  resetServers(servers);
  const home = tempHome('fault-matrix-');
  let prepared: PreparedCell | undefined;
  try {
    prepared = await operation.prepare(home, servers);
    const emuMark = servers.emu.requestLog.totalRequests;
    const storeMarks = Object.fromEntries(Object.entries(servers.stores).map(([k, d]) => [k, d.log.length]));
    const result = await cli(prepared.argv, { env: prepared.env, cwd: home });
    const vcd = servers.emu.requestLog.entries().filter((e) => e.seq > emuMark);
    if (vcd.length !== servers.emu.requestLog.totalRequests - emuMark) throw new Error(`${operation.name}: the emulator's request log dropped entries`);
    const slots = requestSlots('emulator', vcd);
    for (const [key, double] of Object.entries(servers.stores)) slots.push(...requestSlots(key, double.log.slice(storeMarks[key]), slots.length + 1));
    const unheld = unheldTokens(liveTokens(servers.emu), heldHashes(home, prepared), result, new Map());
    const leaked = leakedSecrets(result.output, secretsOf(home, prepared, []));
    if (leaked > 0) throw new Error(`${operation.name} without faults: the output shows ${leaked} secret(s)`);
    if (result.exitCode !== 0 || unheld.length > 0) {
      throw new Error(`${operation.name} without faults: exit ${result.exitCode}, unheld ${unheld.map((t) => t.id).join(', ') || 'none'}\n${result.output}`);
    }
    return { result, slots };
  } finally {
    prepared?.dispose?.();
    fs.rmSync(home, { recursive: true, force: true });
  }
}

/** One cell: `fault` on request `slot` of `operation`, from a clean slate; returns the invariant's violations. */
export async function runCell(operation: FaultOperation, servers: MatrixServers, slot: RequestSlot, fault: MatrixFault): Promise<CellOutcome> {
  const cell = `${operation.name} × ${fault.name} on ${slot.label}`;
  resetServers(servers);
  const home = tempHome('fault-matrix-');
  let prepared: PreparedCell | undefined;
  try {
    prepared = await operation.prepare(home, servers);
    const secretsBefore = heldSecrets(home, prepared);
    const heldBefore = new Set(secretsBefore.map(hashTokenSecret));
    const before = new Map(liveTokens(servers.emu).map((t) => [t.id, t.secretHash !== null && heldBefore.has(t.secretHash)]));
    const applied = addFault(servers, slot, fault);
    const env = fault.stalls ? { ...prepared.env, VCD_TIMEOUT: STALL_TIMEOUT_SECONDS } : prepared.env;
    let result: CliResult;
    try {
      result = await cli(prepared.argv, { env, cwd: home });
    } catch (err) {
      // The harness refused the run (e.g. a connection or timer left open: a spawned CLI would hang).
      return { cell, exitCode: -1, violations: [`${cell}: ${(err as Error).message}`] };
    }
    const violations: string[] = [];
    const leaked = leakedSecrets(result.output, secretsOf(home, prepared, secretsBefore));
    if (leaked > 0) violations.push(`${cell}: the output shows ${leaked} secret(s) (exit ${result.exitCode})`);
    if (applied() !== 1) violations.push(`${cell}: the fault applied ${applied()} time(s), not once: the run's requests differ from the clean run's`);
    for (const t of unheldTokens(liveTokens(servers.emu), heldHashes(home, prepared), result, before)) {
      const why = before.get(t.id) === false ? 'a leftover that a successful run must clean up' : 'held by no file or store';
      violations.push(`${cell}: live token ${t.id} (${t.name}${t.secretHash === null ? ', never granted' : ''}) is ${why} and not named with exit 7 (exit ${result.exitCode})\n    output: ${result.output.trim().replace(/\n/g, '\n    ')}`);
    }
    return { cell, exitCode: result.exitCode, violations };
  } finally {
    prepared?.dispose?.();
    servers.emu.faults.clear();
    for (const double of Object.values(servers.stores)) double.clearFaults();
    fs.rmSync(home, { recursive: true, force: true });
  }
}

/** How many of `secrets` appear in `output` (counted, never quoted: the message must not leak them either). */
export function leakedSecrets(output: string, secrets: readonly string[]): number {
  return secrets.filter((s) => output.includes(s)).length;
}

/** Adds the cell's fault rule; returns how to read how often it applied. */
export function addFault(servers: MatrixServers, slot: RequestSlot, fault: MatrixFault): () => number {
  if (slot.server === 'emulator') {
    const rule = servers.emu.faults.add({ method: slot.method, path: slot.path, skip: slot.skip, action: fault.vcd(servers.emu) });
    return () => rule.applied;
  }
  const double = servers.stores[slot.server];
  const rule = double.addFault({ method: slot.method, path: slot.path, skip: slot.skip, fault: fault.store(double.origin) });
  return () => rule.applied;
}

/** Which share of a file's slice an operation runs: operation `index` of the file's `of`. */
export interface SliceShare {
  readonly index: number;
  readonly of: number;
}

/**
 * The cells to run. Full (`npm run test:faults`, which CI runs): every request × every fault. Slice (a quick local
 * run, `npx jest -c jest.faults.config.js`): the faults dealt round-robin over a file's operations (operation k of n gets
 * faults k, k+n, …, and at least one), each on a request spread over the operation's requests, so the file
 * uses every fault once and every operation at least once.
 */
export function matrixCells(slots: readonly RequestSlot[], faults: readonly MatrixFault[], full: boolean, share: SliceShare = { index: 0, of: 1 }): { slot: RequestSlot; fault: MatrixFault }[] {
  if (full) return slots.flatMap((slot) => faults.map((fault) => ({ slot, fault })));
  const dealt = faults.filter((_, i) => i % share.of === share.index);
  const mine = dealt.length > 0 ? dealt : [faults[share.index % faults.length]];
  return mine.map((fault, j) => ({ slot: slots[Math.floor(((j + 0.5) * slots.length) / mine.length)], fault }));
}

/** FAULT_MATRIX=full runs every cell (`npm run test:faults`, which CI runs); else the slice. */
export const FULL_MATRIX = process.env.FAULT_MATRIX === 'full';
