// GitHub Actions workflow commands for secrets. Masks must be registered before any output that could carry
// the value; the runner masks only single-line values, so multi-line secrets are refused.
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import { HandoffError } from './handoff-error';
import { revealSecret, SecretInput } from './secret-value';

function assertSingleLine(value: string, what: string): void {
  if (/[\r\n]/.test(value)) {
    throw new HandoffError('HANDOFF_UNSAFE_VALUE', `Refusing to hand over ${what}: it spans several lines, which GitHub Actions cannot mask.`);
  }
}

/** The `::add-mask::` line for a secret (with the trailing newline). */
export function addMaskCommand(secret: SecretInput): string {
  const value = revealSecret(secret);
  assertSingleLine(value, 'a secret');
  if (value.length === 0) throw new HandoffError('HANDOFF_UNSAFE_VALUE', 'Refusing to mask an empty secret.');
  return `::add-mask::${value}\n`;
}

/**
 * Appends `NAME<<DELIM\nvalue\nDELIM` entries to the $GITHUB_ENV file. The delimiter is random per call, so a
 * value cannot end the heredoc early and inject further variables.
 */
export function appendGithubEnv(githubEnvFile: string, entries: Readonly<Record<string, SecretInput>>): void {
  let text = '';
  for (const [name, secret] of Object.entries(entries)) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      throw new HandoffError('HANDOFF_UNSAFE_VALUE', `Invalid environment variable name ${JSON.stringify(name)}.`);
    }
    const value = revealSecret(secret);
    assertSingleLine(value, name);
    const delimiter = `ghadelimiter_${crypto.randomBytes(16).toString('hex')}`;
    text += `${name}<<${delimiter}\n${value}\n${delimiter}\n`;
  }
  try {
    fs.appendFileSync(githubEnvFile, text, { encoding: 'utf8' });
  } catch (err) {
    throw new HandoffError('HANDOFF_WRITE_FAILED', `Could not append to $GITHUB_ENV (${githubEnvFile}): ${(err as NodeJS.ErrnoException).code ?? 'error'}.`, { path: githubEnvFile, cause: err });
  }
}
