// "No secret anywhere": looks for secret values (canaries, tokens, bearers, passwords) in CLI output, in the
// emulator's view of the traffic (URLs, unexpected headers, its own log) and in every file under a directory,
// except the designated files that may hold a given secret (token files and env-files, which must be 0600).
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { RunningEmulator } from '../../src/emulator';

/** A unique value to plant as a secret (long enough for every registry and hash the code keeps). */
export function canary(label = 'canary'): string {
  return `${label}-${crypto.randomBytes(16).toString('hex')}`;
}

export interface SecretScanSources {
  /** Outputs to search, e.g. CLI results (stdout and stderr, which include process warnings). */
  readonly outputs?: readonly { readonly argv?: readonly string[]; readonly stdout: string; readonly stderr: string }[];
  /** The emulator: a secret must never travel in a URL or an unexpected header, nor reach its log. */
  readonly emulator?: RunningEmulator;
  /** Every regular file under this directory is read. */
  readonly directory?: string;
  /** Which files may hold which secret (they are also checked to be mode 0600). @default none */
  readonly designated?: (file: string, secret: string) => boolean;
}

/** Every place a secret was found, as readable lines naming the secret by its key (never its value). */
export function findSecrets(secrets: Readonly<Record<string, string>>, sources: SecretScanSources): string[] {
  const found: string[] = [];
  const entries = Object.entries(secrets);
  for (const [key, value] of entries) if (value.length < 8) found.push(`${key}: too short to scan for (${value.length} characters)`);
  for (const out of sources.outputs ?? []) {
    const what = out.argv ? `vcd-token ${out.argv.join(' ')}` : 'output';
    for (const [key, value] of entries) {
      if (out.stdout.includes(value)) found.push(`${key} in stdout of ${what}`);
      if (out.stderr.includes(value)) found.push(`${key} in stderr of ${what}`);
    }
  }
  if (sources.emulator) {
    for (const [key, value] of entries) {
      const seen = sources.emulator.requestLog.secretSeen(value);
      for (const [where, yes] of Object.entries(seen)) if (yes) found.push(`${key} seen by the emulator: ${where}`);
    }
    for (const leak of sources.emulator.requestLog.leaks()) found.push(`emulator leak report: ${JSON.stringify(leak)}`);
  }
  if (sources.directory) {
    for (const file of filesUnder(sources.directory)) {
      const text = fs.readFileSync(file, 'utf8');
      let holdsDesignated = false;
      for (const [key, value] of entries) {
        if (!text.includes(value)) continue;
        if (sources.designated?.(file, value)) holdsDesignated = true;
        else found.push(`${key} in ${file}`);
      }
      const mode = fs.statSync(file).mode & 0o777;
      if (holdsDesignated && mode !== 0o600) found.push(`${file} holds a secret with mode ${mode.toString(8)} (expected 600)`);
    }
  }
  return found;
}

/** Fails listing every place any of `secrets` was found. */
export function expectNoSecrets(secrets: Readonly<Record<string, string>> | readonly string[], sources: SecretScanSources): void {
  const named = Array.isArray(secrets) ? Object.fromEntries((secrets as readonly string[]).map((s, i) => [`secret #${i + 1}`, s])) : (secrets as Readonly<Record<string, string>>);
  expect(findSecrets(named, sources)).toEqual([]);
}

export function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const full = path.join(dir, d.name);
    return d.isDirectory() ? filesUnder(full) : d.isFile() ? [full] : [];
  });
}
