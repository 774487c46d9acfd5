// Every vcd-token command and its error paths, spawned against an in-process emulator over HTTPS.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ManualEmulatorClock, startEmulator } from '../../src/emulator';
import { runCli, useCliEmulator } from './cli-harness';
import { isTokenNamed } from '../../src/client';

const PASSWORD = 'vcd-emulator-demo';
const fx = useCliEmulator((emu) => ({ VCD_URL: `${emu.url}/api`, VCD_ORG: 'acme', VCD_USER: 'automation', VCD_PASSWORD: PASSWORD, VCD_CA_FILE: emu.caFile }));

const tokensNamed = (name: string) => [...fx.emu.world.tokens.values()].filter((t) => isTokenNamed(t.name, name));
const readToken = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8')) as { refresh_token: string; token_id: string; token_name: string };

async function create(name: string, file = path.join(fx.home, `${name}.json`), extraEnv: NodeJS.ProcessEnv = {}) {
  const r = await runCli(['create', '--name', name, '--token-file', file, '--json'], { ...fx.env, ...extraEnv });
  expect(r.code).toBe(0);
  return { file, token: readToken(file), result: JSON.parse(r.stdout) as { id: string } };
}

describe('help and usage', () => {
  test('global and command help; no arguments is a usage error', async () => {
    const help = await runCli(['--help'], fx.env);
    expect(help.code).toBe(0);
    for (const c of ['create', 'exchange', 'list', 'revoke', 'rotate', 'whoami', 'bootstrap']) expect(help.stdout).toContain(`  ${c}`);
    expect(help.stdout).toMatch(/7 +Revoke not confirmed/);
    const createHelp = await runCli(['create', '--help'], fx.env);
    expect(createHelp.code).toBe(0);
    expect(createHelp.stdout).toContain('--token-file <path>');
    expect((await runCli([], fx.env)).code).toBe(2);
  });

  test('unknown flag and unknown command exit 2 with a hint', async () => {
    const r = await runCli(['exchange', '--token-fil', 'x'], fx.env);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Did you mean --token-file?');
    const c = await runCli(['craete'], fx.env);
    expect(c.code).toBe(2);
    expect(c.stderr).toContain('Did you mean `create`?');
  });

  test.each([
    [['exchange', '--token', 'CANARY-SECRET-VALUE'], 'VCD_API_TOKEN, --token-stdin or --token-file'],
    [['create', '--name', 'n', '--password=CANARY-SECRET-VALUE'], 'VCD_PASSWORD or --password-stdin'],
    [['list', '--api-token=CANARY-SECRET-VALUE'], '--token-stdin'],
    [['nosuchcommand', '--token', 'CANARY-SECRET-VALUE'], '--token-stdin'],
  ])('secrets as arguments are rejected: %j', async (args, instead) => {
    const r = await runCli(args, fx.env);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(instead);
    expect(r.stdout + r.stderr).not.toContain('CANARY-SECRET-VALUE');
    expect(fx.emu.requestLog.entries().filter((e) => e.url.includes('/oauth/')).length).toBeGreaterThanOrEqual(0);
  });
});

describe('token lifecycle', () => {
  test('create → exchange (file, stdin, env) → list → whoami → revoke → exchange fails with 4', async () => {
    const { file, token, result } = await create('lifecycle');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(token.token_id).toBe(result.id);
    expect(tokensNamed('lifecycle')).toHaveLength(1);

    const viaFile = await runCli(['exchange', '--token-file', file], { ...fx.env, VCD_PASSWORD: undefined, VCD_USER: undefined });
    expect(viaFile.code).toBe(0);
    expect(viaFile.stdout).toContain('API token is valid');
    const viaStdin = await runCli(['exchange', '--token-stdin', '--json'], fx.env, { stdin: `${token.refresh_token}\n` });
    expect(viaStdin.code).toBe(0);
    expect(JSON.parse(viaStdin.stdout)).toMatchObject({ ok: true, org: 'acme' });
    const viaEnv = await runCli(['exchange'], { ...fx.env, VCD_API_TOKEN: token.refresh_token });
    expect(viaEnv.code).toBe(0);

    const list = await runCli(['list', '--name', 'lifecycle', '--json'], fx.env);
    expect(list.code).toBe(0);
    expect(JSON.parse(list.stdout).tokens).toEqual([expect.objectContaining({ id: result.id, name: expect.stringMatching(/^lifecycle~[0-9a-f]{8}$/), owner: 'automation' })]);
    const whoami = await runCli(['whoami', '--json'], fx.env);
    expect(JSON.parse(whoami.stdout)).toMatchObject({ user: 'automation', org: 'acme', authenticatedWith: 'password' });
    const whoamiToken = await runCli(['whoami', '--token-file', file, '--json'], { ...fx.env, VCD_PASSWORD: undefined, VCD_USER: undefined });
    expect(JSON.parse(whoamiToken.stdout)).toMatchObject({ org: 'acme', authenticatedWith: 'api-token' });

    const revoke = await runCli(['revoke', '--token-file', file], fx.env);
    expect(revoke.code).toBe(0);
    expect(revoke.stdout).toContain(`${result.id}: revoked`);
    expect(tokensNamed('lifecycle')).toHaveLength(0);
    const again = await runCli(['revoke', result.id], fx.env);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('already-gone');

    const revoked = await runCli(['exchange', '--token-file', file], fx.env);
    expect(revoked.code).toBe(4);
    expect(revoked.stderr).toContain('VCD_INVALID_GRANT');
    expect(revoked.stderr).not.toContain(token.refresh_token);
  });

  test('rotate replaces the token, keeps the file valid and revokes the old one and orphans', async () => {
    const { file, token } = await create('rot');
    await create('rot', path.join(fx.home, 'orphan.json')); // an orphan of a "crashed" run
    expect(tokensNamed('rot')).toHaveLength(2);
    const r = await runCli(['rotate', '--token-file', file, '--json'], fx.env);
    expect(r.code).toBe(0);
    const after = readToken(file);
    expect(after.refresh_token).not.toBe(token.refresh_token);
    expect(tokensNamed('rot').map((t) => t.id)).toEqual([after.token_id]);
    expect(JSON.parse(r.stdout).revoked).toHaveLength(2);
    expect((await runCli(['exchange', '--token-file', file], fx.env)).code).toBe(0);
    expect(fs.existsSync(`${file}.lock`)).toBe(false);
  });

  test('rotate without a password is a usage error that names the variables', async () => {
    const { file } = await create('rotnopw');
    const r = await runCli(['rotate', '--token-file', file], { ...fx.env, VCD_PASSWORD: undefined });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('set VCD_PASSWORD or pass --password-stdin');
  });

  test('create from an API-token session only is refused with what to provide', async () => {
    const { token } = await create('tokonly');
    const before = fx.emu.world.tokens.size;
    const r = await runCli(['create', '--name', 'from-token'], { ...fx.env, VCD_PASSWORD: undefined, VCD_API_TOKEN: token.refresh_token });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('VCD_PASSWORD');
    expect(fx.emu.world.tokens.size).toBe(before);
  });

  test('create over an existing token file warns that the old token is still valid', async () => {
    const { file, result } = await create('overwrite');
    const r = await runCli(['create', '--name', 'overwrite', '--token-file', file], fx.env);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`held token ${result.id}, which is still valid`);
  });

  test('password from stdin', async () => {
    const r = await runCli(['whoami', '--password-stdin'], { ...fx.env, VCD_PASSWORD: undefined }, { stdin: `${PASSWORD}\n` });
    expect(r.code).toBe(0);
  });
});

describe('authentication and org errors', () => {
  test('wrong password → 3', async () => {
    const r = await runCli(['whoami'], { ...fx.env, VCD_PASSWORD: 'wrong-password' });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('VCD_AUTH_FAILED');
    expect(r.stderr).not.toContain('wrong-password');
  });
  test('unknown org → 3', async () => {
    const r = await runCli(['whoami'], { ...fx.env, VCD_ORG: 'no-such-org' });
    expect(r.code).toBe(3);
  });
  test('org given as an e-mail → 2 before any request', async () => {
    const before = fx.emu.requestLog.entries().length;
    const r = await runCli(['whoami'], { ...fx.env, VCD_ORG: 'automation@acme.example' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('VCD_BAD_ORG');
    expect(fx.emu.requestLog.entries().filter((e) => e.url.includes('/sessions')).length).toBe(fx.emu.requestLog.entries().slice(0, before).filter((e) => e.url.includes('/sessions')).length);
  });
  test('missing rights (initech) → 5, naming the bundle and the platform stack', async () => {
    const r = await runCli(['create', '--name', 'x', '--token-file', path.join(fx.home, 'i.json')], { ...fx.env, VCD_ORG: 'initech' });
    expect(r.code).toBe(5);
    expect(r.stderr).toMatch(/bundle: no rights bundle published to org 'initech'/);
    expect(r.stderr).toContain("'API Tokens: Manage'");
    expect(r.stderr).toContain('-platform');
    expect(fs.existsSync(path.join(fx.home, 'i.json'))).toBe(false);
  });
  test('expired session: the bearer expires (emulator clock) between exchange and use → 3', async () => {
    const clock = new ManualEmulatorClock();
    const slow = await startEmulator({ vcdVersion: '10.5.1', clock, sessionIdleTimeoutSeconds: 60 });
    try {
      const slowEnv = { ...fx.env, VCD_URL: `${slow.url}/api`, VCD_CA_FILE: slow.caFile };
      const file = path.join(fx.home, 'expiring.json');
      expect((await runCli(['create', '--name', 'expiring', '--token-file', file], slowEnv)).code).toBe(0);
      // Hold the verify request long enough to move the clock past the idle timeout while it waits.
      slow.faults.add({ method: 'GET', path: '/api/org', action: { type: 'latency', ms: 1500 } });
      const mark = slow.requestLog.entries().length;
      const running = runCli(['exchange', '--verify', '--token-file', file], slowEnv);
      while (!slow.requestLog.entries().slice(mark).some((e) => e.method === 'POST' && e.url.endsWith('/token'))) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      clock.advance(61_000);
      const r = await running;
      expect(r.code).toBe(3);
      expect(slow.requestLog.entries().slice(mark).map((e) => `${e.method} ${e.url} ${e.status}`)).toContainEqual(expect.stringMatching(/^GET \/api\/org 401$/));
    } finally {
      await slow.close();
    }
  });

  test('a 401 on the --verify call (session gone) → 3', async () => {
    const { file } = await create('expiry');
    fx.emu.faults.add({ method: 'GET', path: '/api/org', action: { type: 'status', status: 401, body: '<Error minorErrorCode="UNAUTHORIZED" message="The session has expired"/>', contentType: 'application/xml' } });
    const r = await runCli(['exchange', '--verify', '--token-file', file], fx.env);
    expect(r.code).toBe(3);
  });
});

describe('server and network errors', () => {
  test('5xx on the exchange → 6 (POST not retried)', async () => {
    const { file } = await create('fivexx');
    const before = fx.emu.requestLog.entries().length;
    fx.emu.faults.add({ method: 'POST', path: '/oauth/tenant/acme/token', action: { type: 'status', status: 500 } });
    const r = await runCli(['exchange', '--token-file', file], fx.env);
    expect(r.code).toBe(6);
    expect(r.stderr).toContain('VCD_SERVER_ERROR');
    expect(fx.emu.requestLog.entries().slice(before).filter((e) => e.method === 'POST' && e.url.includes('/token'))).toHaveLength(1);
  });

  test('429 with Retry-After on list is honoured and then succeeds', async () => {
    await create('ratelimit');
    const before = fx.emu.requestLog.entries().length;
    fx.emu.faults.add({ method: 'GET', path: '/cloudapi/1.0.0/tokens', action: { type: 'status', status: 429, retryAfter: 1 } });
    const r = await runCli(['list', '--name', 'ratelimit'], fx.env);
    expect(r.code).toBe(0);
    const gets = fx.emu.requestLog.entries().slice(before).filter((e) => e.method === 'GET' && e.url.startsWith('/cloudapi/1.0.0/tokens'));
    expect(gets.map((e) => e.status)).toEqual([429, 200]);
    expect(gets[1].at - gets[0].at).toBeGreaterThanOrEqual(900);
  });

  test('persistent 503 on list → 6', async () => {
    fx.emu.faults.add({ method: 'GET', path: '/cloudapi/1.0.0/tokens', action: { type: 'status', status: 503, retryAfter: 0 }, times: 'always' });
    const r = await runCli(['list'], fx.env);
    expect(r.code).toBe(6);
  });

  test.each([
    ['register', { method: 'POST', path: '/oauth/tenant/acme/register' }],
    ['jwt-bearer grant', { method: 'POST', path: '/oauth/tenant/acme/token' }],
  ])('connection reset after the %s leaves no orphans', async (_label, where) => {
    const name = `reset-${_label.replace(/\W/g, '')}`;
    fx.emu.faults.add({ ...where, action: { type: 'reset', when: 'after' } });
    const file = path.join(fx.home, 'reset.json');
    const r = await runCli(['create', '--name', name, '--token-file', file], fx.env);
    const left = tokensNamed(name);
    if (r.code === 0) {
      // The client recovered the token: exactly that one exists and it is in the file.
      expect(left.map((t) => t.id)).toEqual([readToken(file).token_id]);
    } else {
      expect(r.code).toBe(6);
      expect(left).toHaveLength(0);
      expect(fs.existsSync(file)).toBe(false);
    }
  });

  test('stalled server → timeout → 6', async () => {
    fx.emu.faults.add({ method: 'POST', path: '/cloudapi/1.0.0/sessions', action: { type: 'stall' } });
    const started = Date.now();
    const r = await runCli(['whoami', '--timeout', '1'], fx.env);
    expect(r.code).toBe(6);
    expect(r.stderr).toMatch(/VCD_TIMEOUT|VCD_NETWORK/);
    expect(Date.now() - started).toBeLessThan(20000);
  });

  test('malformed JSON from the token endpoint → 6, nothing leaked', async () => {
    const { file, token } = await create('malformed');
    fx.emu.faults.add({ method: 'POST', path: '/oauth/tenant/acme/token', action: { type: 'malformedJson' } });
    const r = await runCli(['exchange', '--token-file', file, '--debug'], fx.env);
    expect(r.code).toBe(6);
    expect(r.stderr).toContain('VCD_BAD_RESPONSE');
    expect(r.stdout + r.stderr).not.toContain(token.refresh_token);
  });

  test('HTML error page from a proxy → 6', async () => {
    fx.emu.faults.add({ method: 'POST', path: '/cloudapi/1.0.0/sessions', action: { type: 'htmlError', status: 502 } });
    const r = await runCli(['whoami'], fx.env);
    expect(r.code).toBe(6);
    expect(r.stderr).not.toContain('<html');
  });

  test('untrusted certificate → 6; --insecure works with a warning', async () => {
    const r = await runCli(['whoami'], { ...fx.env, VCD_CA_FILE: undefined });
    expect(r.code).toBe(6);
    expect(r.stderr).toContain('VCD_TLS');
    const insecure = await runCli(['whoami', '--insecure'], { ...fx.env, VCD_CA_FILE: undefined });
    expect(insecure.code).toBe(0);
    expect(insecure.stderr).toMatch(/warning: TLS certificate verification is disabled/);
  });
});

describe('local files', () => {
  test('a group-readable token file is refused (8, chmod 600)', async () => {
    const { file } = await create('perm');
    fs.chmodSync(file, 0o640);
    const r = await runCli(['exchange', '--token-file', file], fx.env);
    expect(r.code).toBe(8);
    expect(r.stderr).toContain('chmod 600');
  });

  test('a token file inside a git work tree is refused before any token is created; --force allows it', async () => {
    const repo = path.join(fx.home, 'repo');
    fs.mkdirSync(path.join(repo, '.git'), { recursive: true });
    const before = tokensNamed('inrepo').length;
    const r = await runCli(['create', '--name', 'inrepo', '--token-file', path.join(repo, 'token.json')], fx.env);
    expect(r.code).toBe(8);
    expect(r.stderr).toContain('git work tree');
    expect(tokensNamed('inrepo').length).toBe(before);
    const forced = await runCli(['create', '--name', 'inrepo', '--token-file', path.join(repo, 'token.json'), '--force'], fx.env);
    expect(forced.code).toBe(0);
  });

  test('an unwritable token location fails before any token request (8)', async () => {
    fs.writeFileSync(path.join(fx.home, 'not-a-dir'), '');
    const mark = fx.emu.requestLog.entries().length;
    const r = await runCli(['create', '--name', 'sink', '--token-file', path.join(fx.home, 'not-a-dir', 't.json')], fx.env);
    expect(r.code).toBe(8);
    expect(r.stderr).toContain('no token was requested');
    expect(fx.emu.requestLog.entries().slice(mark).filter((e) => e.url.includes('/oauth/') || e.url.includes('/sessions'))).toHaveLength(0);
  });

  test('env-file output', async () => {
    const envFile = path.join(fx.home, 'out', 'acme.env');
    const r = await runCli(['create', '--name', 'envfile', '--token-file', path.join(fx.home, 'e.json'), '--env-output', envFile], fx.env);
    expect(r.code).toBe(0);
    const token = readToken(path.join(fx.home, 'e.json')).refresh_token;
    expect(fs.readFileSync(envFile, 'utf8')).toBe(`VCD_API_TOKEN=${token}\nTF_VAR_vcd_api_token=${token}\n`);
    expect(fs.statSync(envFile).mode & 0o777).toBe(0o600);
  });
});

describe('CI output', () => {
  test('--reveal is refused with CI=true (no token created), allowed with --force', async () => {
    const before = tokensNamed('reveal').length;
    const r = await runCli(['create', '--name', 'reveal', '--token-file', path.join(fx.home, 'r.json'), '--reveal'], { ...fx.env, CI: 'true' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--reveal is refused in CI');
    expect(tokensNamed('reveal').length).toBe(before);
    const local = await runCli(['create', '--name', 'reveal', '--token-file', path.join(fx.home, 'r.json'), '--reveal'], fx.env);
    expect(local.code).toBe(0);
    expect(local.stdout.split('\n')).toContain(readToken(path.join(fx.home, 'r.json')).refresh_token);
  });

  test('GitLab: the token never reaches stdout or stderr', async () => {
    const r = await runCli(['create', '--name', 'gitlab', '--token-file', path.join(fx.home, 'g.json')], { ...fx.env, CI: 'true', GITLAB_CI: 'true' });
    expect(r.code).toBe(0);
    expect(r.stdout + r.stderr).not.toContain(readToken(path.join(fx.home, 'g.json')).refresh_token);
  });

  test('GitHub Actions: ::add-mask:: is the first line; $GITHUB_ENV is written only with --github-env (heredoc entries); file in $RUNNER_TEMP', async () => {
    const runnerTemp = path.join(fx.home, 'runner-temp');
    fs.mkdirSync(runnerTemp);
    const githubEnv = path.join(fx.home, 'github-env');
    fs.writeFileSync(githubEnv, '');
    const ciEnv = { ...fx.env, CI: 'true', GITHUB_ACTIONS: 'true', GITHUB_ENV: githubEnv, RUNNER_TEMP: runnerTemp };
    // By default nothing goes to $GITHUB_ENV: a later platform deploy would silently authenticate with the token.
    const quiet = await runCli(['create', '--name', 'gha-default'], ciEnv);
    expect(quiet.code).toBe(0);
    expect(fs.readFileSync(githubEnv, 'utf8')).toBe('');
    const r = await runCli(['create', '--name', 'gha', '--github-env'], ciEnv);
    expect(r.code).toBe(0);
    const file = path.join(runnerTemp, 'vcd-api-tokens', 'gha.json');
    const token = readToken(file).refresh_token;
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe(`::add-mask::${token}`);
    expect(lines.slice(1).join('\n')).not.toContain(token);
    expect(r.stderr).not.toContain(token);
    const content = fs.readFileSync(githubEnv, 'utf8').split('\n');
    expect(content[0]).toMatch(/^VCD_API_TOKEN<<ghadelimiter_[0-9a-f]{32}$/);
    expect(content[1]).toBe(token);
    expect(content[2]).toBe(content[0].split('<<')[1]);
    expect(content[3]).toMatch(/^TF_VAR_vcd_api_token<<ghadelimiter_/);
  });

  test('server-controlled token names cannot inject workflow commands or escapes', async () => {
    const { result } = await create('inject');
    fx.emu.world.updateToken(result.id, { name: '::stop-commands::x\n::error::pwned%0A::warning::y\u001b[31m' });
    for (const args of [['list'], ['list', '--json'], ['revoke', result.id]]) {
      const r = await runCli(args, { ...fx.env, GITHUB_ACTIONS: 'true' });
      expect(r.code).toBe(0);
      for (const line of (r.stdout + r.stderr).split('\n')) expect(line.trimStart().startsWith('::')).toBe(false);
      expect(r.stdout).not.toContain('\u001b');
      expect(r.stdout).not.toContain('%0A');
    }
  });
});
