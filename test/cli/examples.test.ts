// The pipeline examples only use vcd-token subcommands and flags that exist, never pass secrets as
// arguments, and keep tokens out of the work tree.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { VCD_TOKEN_COMMANDS } from '../../src/cli';

const EXAMPLES = path.resolve(__dirname, '../../examples');

test.each(['github-actions.yml', 'gitlab-ci.yml'])('%s uses real vcd-token commands and flags only', (file) => {
  const text = fs.readFileSync(path.join(EXAMPLES, file), 'utf8');
  const invocations = [...text.matchAll(/vcd-token\.js (\w+)([^\n|]*)/g)];
  expect(invocations.length).toBeGreaterThanOrEqual(2);
  for (const [, name, rest] of invocations) {
    const command = VCD_TOKEN_COMMANDS.find((c) => c.name === name);
    expect(command).toBeDefined();
    for (const [, flag] of rest.matchAll(/--([a-z][a-z-]*)/g)) expect({ name, flag, known: flag in command!.options }).toEqual({ name, flag, known: true });
  }
  expect(text).not.toMatch(/--(token|password|api-token)[ =]/);
  expect(text).not.toMatch(/set -x/);
  expect(text).toContain('set -a');
  expect(text).toMatch(/revoke --token-file/);
});

test.each(['github-actions.yml', 'gitlab-ci.yml'])('%s cleanup revokes each token with itself, not as a hard-coded user', (file) => {
  const text = fs.readFileSync(path.join(EXAMPLES, file), 'utf8');
  // Bootstrap logs in as each tenant's automationUser; a fixed VCD_USER would be another user's session,
  // which cannot see the token (VCD: 403). With no user and password, the token revokes itself.
  expect(text).not.toMatch(/VCD_USER=/);
  const revokes = text.replace(/\\\n\s*/g, '').split('\n').filter((line) => /vcd-token\.js revoke/.test(line));
  expect(revokes.length).toBeGreaterThanOrEqual(1);
  for (const line of revokes) expect(line).toMatch(/env -u VCD_USER -u VCD_PASSWORD node dist\/src\/cli\/vcd-token\.js revoke --token-file "\$file" --delete-file/);
});
