import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { addMaskCommand, appendGithubEnv, detectCi, HandoffError } from '../../src/handoff';
import { neutralizeForDisplay } from '../../src/handoff/neutralize';
import { rejectSecretArguments } from '../../src/handoff/secret-input';

test('addMaskCommand refuses multi-line and empty secrets', () => {
  expect(addMaskCommand('abc')).toBe('::add-mask::abc\n');
  expect(() => addMaskCommand('a\nb')).toThrow(/several lines/);
  expect(() => addMaskCommand('')).toThrow(HandoffError);
});

test('appendGithubEnv uses a random heredoc delimiter per value', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gha-'));
  const file = path.join(dir, 'env');
  appendGithubEnv(file, { VCD_API_TOKEN: 'tok1', TF_VAR_vcd_api_token: 'tok1' });
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  expect(lines[0]).toMatch(/^VCD_API_TOKEN<<ghadelimiter_[0-9a-f]{32}$/);
  expect(lines[1]).toBe('tok1');
  expect(lines[2]).toBe(lines[0].split('<<')[1]);
  expect(lines[3].split('<<')[1]).not.toBe(lines[0].split('<<')[1]);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('detectCi', () => {
  expect(detectCi({ GITHUB_ACTIONS: 'true', GITHUB_ENV: '/x' }).kind).toBe('github-actions');
  expect(detectCi({ GITLAB_CI: 'true', CI: 'true' }).kind).toBe('gitlab');
  expect(detectCi({ CI: 'true' }).kind).toBe('other-ci');
  expect(detectCi({}).kind).toBe('none');
});

test('neutralizeForDisplay breaks workflow commands, escapes and newlines', () => {
  const out = neutralizeForDisplay('::stop-commands::x\n::error::y%0A\u001b[31mred');
  expect(out).not.toMatch(/::/);
  expect(out).not.toMatch(/[\n\u001b]/);
  expect(out).not.toContain('%0A');
  expect(out).toContain('\\x0a');
});

test.each([
  [['--token', 'SECRET'], /VCD_API_TOKEN, --token-stdin or --token-file/],
  [['--password=SECRET'], /VCD_PASSWORD or --password-stdin/],
  [['--api-token=SECRET'], /--token-stdin/],
  [['-token', 'SECRET'], /--token-stdin/],
])('rejectSecretArguments %j', (argv, message) => {
  expect(() => rejectSecretArguments(argv)).toThrow(message);
  try { rejectSecretArguments(argv); } catch (err) { expect((err as Error).message).not.toContain('SECRET'); }
});

test('rejectSecretArguments lets stdin/file flags through', () => {
  expect(() => rejectSecretArguments(['--token-stdin', '--token-file', 'x', '--password-stdin'])).not.toThrow();
});
