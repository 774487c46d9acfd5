// Every vcd-token command and its error paths, in-process (./cli-harness) against an emulator over HTTPS.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ManualEmulatorClock, startEmulator } from '../../src/emulator';
import { DEMO_PASSWORD as PASSWORD, useCliEmulator, waitFor } from './cli-harness';

const fx = useCliEmulator();

const readToken = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8')) as { refresh_token: string; token_id: string; token_name: string };

async function create(name: string, file = path.join(fx.home, `${name}.json`)) {
  const r = await fx.cli(['create', '--name', name, '--token-file', file, '--json']);
  expect({ exitCode: r.exitCode, stderr: r.stderr }).toMatchObject({ exitCode: 0 });
  return { file, token: readToken(file), result: r.json<{ id: string }>() };
}

describe('help and usage', () => {
  test('global and command help; no arguments is a usage error', async () => {
    const help = await fx.cli(['--help']);
    expect(help.exitCode).toBe(0);
    for (const c of ['create', 'exchange', 'list', 'revoke', 'rotate', 'whoami', 'bootstrap']) expect(help.stdout).toContain(`  ${c}`);
    expect(help.stdout).toMatch(/7 +Revoke not confirmed/);
    const createHelp = await fx.cli(['create', '--help']);
    expect(createHelp.exitCode).toBe(0);
    expect(createHelp.stdout).toContain('--token-file <path>');
    expect((await fx.cli([])).exitCode).toBe(2);
  });

  test('unknown flag and unknown command exit 2 with a hint', async () => {
    const r = await fx.cli(['exchange', '--token-fil', 'x']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('Did you mean --token-file?');
    const c = await fx.cli(['craete']);
    expect(c.exitCode).toBe(2);
    expect(c.stderr).toContain('Did you mean `create`?');
  });

  test.each([
    [['exchange', '--token', 'CANARY-SECRET-VALUE'], 'VCD_API_TOKEN, --token-stdin or --token-file'],
    [['create', '--name', 'n', '--password=CANARY-SECRET-VALUE'], 'VCD_PASSWORD or --password-stdin'],
    [['list', '--api-token=CANARY-SECRET-VALUE'], '--token-stdin'],
    [['nosuchcommand', '--token', 'CANARY-SECRET-VALUE'], '--token-stdin'],
  ])('secrets as arguments are rejected: %j', async (args, instead) => {
    const mark = fx.requestMark();
    const r = await fx.cli(args);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain(instead);
    expect(r.stdout + r.stderr).not.toContain('CANARY-SECRET-VALUE');
    // Refused before anything else: not a single request reached VCD.
    expect(fx.requestsSince(mark)).toEqual([]);
  });
});

describe('token lifecycle', () => {
  test('create → exchange (file, stdin, env) → list → whoami → revoke → exchange fails with 4', async () => {
    const { file, token, result } = await create('lifecycle');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(token.token_id).toBe(result.id);
    expect(fx.liveTokens('lifecycle')).toHaveLength(1);

    const viaFile = await fx.cli(['exchange', '--token-file', file], { env: { ...fx.env, VCD_PASSWORD: undefined, VCD_USER: undefined } });
    expect(viaFile.exitCode).toBe(0);
    expect(viaFile.stdout).toContain('API token is valid');
    const viaStdin = await fx.cli(['exchange', '--token-stdin', '--json'], { stdin: `${token.refresh_token}\n` });
    expect(viaStdin.exitCode).toBe(0);
    expect(JSON.parse(viaStdin.stdout)).toMatchObject({ ok: true, org: 'acme' });
    const viaEnv = await fx.cli(['exchange'], { env: { ...fx.env, VCD_API_TOKEN: token.refresh_token } });
    expect(viaEnv.exitCode).toBe(0);

    const list = await fx.cli(['list', '--name', 'lifecycle', '--json']);
    expect(list.exitCode).toBe(0);
    expect(JSON.parse(list.stdout).tokens).toEqual([expect.objectContaining({ id: result.id, name: expect.stringMatching(/^lifecycle~[0-9a-f]{8}$/), owner: 'automation' })]);
    const whoami = await fx.cli(['whoami', '--json']);
    expect(JSON.parse(whoami.stdout)).toMatchObject({ user: 'automation', org: 'acme', authenticatedWith: 'password' });
    const whoamiToken = await fx.cli(['whoami', '--token-file', file, '--json'], { env: { ...fx.env, VCD_PASSWORD: undefined, VCD_USER: undefined } });
    expect(JSON.parse(whoamiToken.stdout)).toMatchObject({ org: 'acme', authenticatedWith: 'api-token' });

    const revoke = await fx.cli(['revoke', '--token-file', file]);
    expect(revoke.exitCode).toBe(0);
    expect(revoke.stdout).toContain(`${result.id}: revoked`);
    expect(fx.liveTokens('lifecycle')).toHaveLength(0);
    // By id, VCD's 403 for a gone token is also its answer for an invisible one: certain only with --if-exists.
    const again = await fx.cli(['revoke', result.id]);
    expect(again.exitCode).toBe(7);
    const idempotent = await fx.cli(['revoke', result.id, '--if-exists']);
    expect(idempotent.exitCode).toBe(0);
    expect(idempotent.stdout).toContain('already-gone');

    const revoked = await fx.cli(['exchange', '--token-file', file]);
    expect(revoked.exitCode).toBe(4);
    expect(revoked.stderr).toContain('VCD_INVALID_GRANT');
    expect(revoked.stderr).not.toContain(token.refresh_token);
  });

  test('rotate replaces the token, keeps the file valid and revokes the old one and orphans', async () => {
    const { file, token } = await create('rot');
    await create('rot', path.join(fx.home, 'orphan.json')); // an orphan of a "crashed" run
    expect(fx.liveTokens('rot')).toHaveLength(2);
    const r = await fx.cli(['rotate', '--token-file', file, '--json']);
    expect(r.exitCode).toBe(0);
    const after = readToken(file);
    expect(after.refresh_token).not.toBe(token.refresh_token);
    expect(fx.liveTokens('rot').map((t) => t.id)).toEqual([after.token_id]);
    expect(JSON.parse(r.stdout).revoked).toHaveLength(2);
    expect((await fx.cli(['exchange', '--token-file', file])).exitCode).toBe(0);
    expect(fs.existsSync(`${file}.lock`)).toBe(false);
  });

  test('rotate without a password is a usage error that names the variables', async () => {
    const { file } = await create('rotnopw');
    const r = await fx.cli(['rotate', '--token-file', file], { env: { ...fx.env, VCD_PASSWORD: undefined } });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('set VCD_PASSWORD or pass --password-stdin');
  });

  test('create from an API-token session only is refused with what to provide', async () => {
    const { token } = await create('tokonly');
    const before = fx.emu.world.tokens.size;
    const r = await fx.cli(['create', '--name', 'from-token'], { env: { ...fx.env, VCD_PASSWORD: undefined, VCD_API_TOKEN: token.refresh_token } });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('VCD_PASSWORD');
    expect(fx.emu.world.tokens.size).toBe(before);
  });

  test('create over an existing token file warns that the old token is still valid', async () => {
    const { file, result } = await create('overwrite');
    const r = await fx.cli(['create', '--name', 'overwrite', '--token-file', file]);
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toContain(`held token ${result.id}, which is still valid`);
  });

  test('password from stdin', async () => {
    const r = await fx.cli(['whoami', '--password-stdin'], { env: { ...fx.env, VCD_PASSWORD: undefined }, stdin: `${PASSWORD}\n` });
    expect(r.exitCode).toBe(0);
  });
});

describe('authentication and org errors', () => {
  test('wrong password → 3', async () => {
    const r = await fx.cli(['whoami'], { env: { ...fx.env, VCD_PASSWORD: 'wrong-password' } });
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toContain('VCD_AUTH_FAILED');
    expect(r.stderr).not.toContain('wrong-password');
  });
  test('unknown org → 3', async () => {
    const r = await fx.cli(['whoami'], { env: { ...fx.env, VCD_ORG: 'no-such-org' } });
    expect(r.exitCode).toBe(3);
  });
  test('org given as an e-mail → 2 before any request', async () => {
    const mark = fx.requestMark();
    const r = await fx.cli(['whoami'], { env: { ...fx.env, VCD_ORG: 'automation@acme.example' } });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('VCD_BAD_ORG');
    expect(fx.requestsSince(mark).filter((e) => e.url.includes('/sessions'))).toEqual([]);
  });
  test('missing rights (initech) → 5, naming the bundle and the platform stack', async () => {
    const r = await fx.cli(['create', '--name', 'x', '--token-file', path.join(fx.home, 'i.json')], { env: { ...fx.env, VCD_ORG: 'initech' } });
    expect(r.exitCode).toBe(5);
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
      expect((await fx.cli(['create', '--name', 'expiring', '--token-file', file], { env: slowEnv })).exitCode).toBe(0);
      // Hold the verify request and, while it waits, move the clock past the idle timeout of its bearer.
      const held = slow.faults.add({ method: 'GET', path: '/api/org', action: { type: 'latency', ms: 100 } });
      const mark = slow.requestLog.totalRequests;
      const running = fx.cli(['exchange', '--verify', '--token-file', file], { env: slowEnv });
      await waitFor(() => held.applied === 1, 'the held GET /api/org');
      clock.advance(61_000);
      const r = await running;
      expect(r.exitCode).toBe(3);
      expect(slow.requestLog.entries().filter((e) => e.seq > mark).map((e) => `${e.method} ${e.url} ${e.status}`)).toContainEqual(expect.stringMatching(/^GET \/api\/org 401$/));
    } finally {
      await slow.close();
    }
  });

  test('a 401 on the --verify call (session gone) → 3', async () => {
    const { file } = await create('expiry');
    fx.emu.faults.add({ method: 'GET', path: '/api/org', action: { type: 'status', status: 401, body: '<Error minorErrorCode="UNAUTHORIZED" message="The session has expired"/>', contentType: 'application/xml' } });
    const r = await fx.cli(['exchange', '--verify', '--token-file', file]);
    expect(r.exitCode).toBe(3);
  });
});

describe('server and network errors', () => {
  test('5xx on the exchange → 6 (POST not retried)', async () => {
    const { file } = await create('fivexx');
    const mark = fx.requestMark();
    fx.emu.faults.add({ method: 'POST', path: '/oauth/tenant/acme/token', action: { type: 'status', status: 500 } });
    const r = await fx.cli(['exchange', '--token-file', file]);
    expect(r.exitCode).toBe(6);
    expect(r.stderr).toContain('VCD_SERVER_ERROR');
    expect(fx.requestsSince(mark).filter((e) => e.method === 'POST' && e.url.includes('/token'))).toHaveLength(1);
  });

  test('429 with Retry-After on list is honoured and then succeeds', async () => {
    await create('ratelimit');
    const mark = fx.requestMark();
    fx.emu.faults.add({ method: 'GET', path: '/cloudapi/1.0.0/tokens', action: { type: 'status', status: 429, retryAfter: 1 } });
    const r = await fx.cli(['list', '--name', 'ratelimit', '--debug']);
    expect(r.exitCode).toBe(0);
    const gets = fx.requestsSince(mark).filter((e) => e.method === 'GET' && e.url.startsWith('/cloudapi/1.0.0/tokens'));
    expect(gets.map((e) => e.status)).toEqual([429, 200]);
    // The wait the client chose (and then slept) is Retry-After's, not its own backoff: no clock involved.
    expect(r.stderr).toMatch(/^debug: \[retry\] GET \S*\/cloudapi\/1\.0\.0\/tokens\S* 429 attempt=1 1000ms /m);
  });

  test('persistent 503 on list → 6', async () => {
    fx.emu.faults.add({ method: 'GET', path: '/cloudapi/1.0.0/tokens', action: { type: 'status', status: 503, retryAfter: 0 }, times: 'always' });
    const r = await fx.cli(['list']);
    expect(r.exitCode).toBe(6);
  });

  test.each([
    ['register', { method: 'POST', path: '/oauth/tenant/acme/register' }],
    ['jwt-bearer grant', { method: 'POST', path: '/oauth/tenant/acme/token' }],
  ])('connection reset after the %s leaves no orphans', async (_label, where) => {
    const name = `reset-${_label.replace(/\W/g, '')}`;
    fx.emu.faults.add({ ...where, action: { type: 'reset', when: 'after' } });
    const file = path.join(fx.home, 'reset.json');
    const r = await fx.cli(['create', '--name', name, '--token-file', file]);
    const left = fx.liveTokens(name);
    if (r.exitCode === 0) {
      // The client recovered the token: exactly that one exists and it is in the file.
      expect(left.map((t) => t.id)).toEqual([readToken(file).token_id]);
    } else {
      expect(r.exitCode).toBe(6);
      expect(left).toHaveLength(0);
      expect(fs.existsSync(file)).toBe(false);
    }
  });

  test('stalled server → timeout → 6', async () => {
    fx.emu.faults.add({ method: 'POST', path: '/cloudapi/1.0.0/sessions', action: { type: 'stall' } });
    const r = await fx.cli(['whoami', '--timeout', '0.3']);
    expect(r.exitCode).toBe(6);
    expect(r.stderr).toMatch(/VCD_TIMEOUT|VCD_NETWORK/);
  });

  test('malformed JSON from the token endpoint → 6, nothing leaked', async () => {
    const { file, token } = await create('malformed');
    fx.emu.faults.add({ method: 'POST', path: '/oauth/tenant/acme/token', action: { type: 'malformedJson' } });
    const r = await fx.cli(['exchange', '--token-file', file, '--debug']);
    expect(r.exitCode).toBe(6);
    expect(r.stderr).toContain('VCD_BAD_RESPONSE');
    expect(r.stdout + r.stderr).not.toContain(token.refresh_token);
  });

  test('HTML error page from a proxy → 6', async () => {
    fx.emu.faults.add({ method: 'POST', path: '/cloudapi/1.0.0/sessions', action: { type: 'htmlError', status: 502 } });
    const r = await fx.cli(['whoami']);
    expect(r.exitCode).toBe(6);
    expect(r.stderr).not.toContain('<html');
  });

  test('untrusted certificate → 6; --insecure works with a warning', async () => {
    const r = await fx.cli(['whoami'], { env: { ...fx.env, VCD_CA_FILE: undefined } });
    expect(r.exitCode).toBe(6);
    expect(r.stderr).toContain('VCD_TLS');
    const insecure = await fx.cli(['whoami', '--insecure'], { env: { ...fx.env, VCD_CA_FILE: undefined } });
    expect(insecure.exitCode).toBe(0);
    expect(insecure.stderr).toMatch(/warning: TLS certificate verification is disabled/);
  });
});

describe('local files', () => {
  test('a group-readable token file is refused (8, chmod 600)', async () => {
    const { file } = await create('perm');
    fs.chmodSync(file, 0o640);
    const r = await fx.cli(['exchange', '--token-file', file]);
    expect(r.exitCode).toBe(8);
    expect(r.stderr).toContain('chmod 600');
  });

  test('a token file inside a git work tree is refused before any token is created; --force allows it', async () => {
    const repo = path.join(fx.home, 'repo');
    fs.mkdirSync(path.join(repo, '.git'), { recursive: true });
    const before = fx.liveTokens('inrepo').length;
    const r = await fx.cli(['create', '--name', 'inrepo', '--token-file', path.join(repo, 'token.json')]);
    expect(r.exitCode).toBe(8);
    expect(r.stderr).toContain('git work tree');
    expect(fx.liveTokens('inrepo').length).toBe(before);
    const forced = await fx.cli(['create', '--name', 'inrepo', '--token-file', path.join(repo, 'token.json'), '--force']);
    expect(forced.exitCode).toBe(0);
  });

  test('an unwritable token location fails before any token request (8)', async () => {
    fs.writeFileSync(path.join(fx.home, 'not-a-dir'), '');
    const mark = fx.requestMark();
    const r = await fx.cli(['create', '--name', 'sink', '--token-file', path.join(fx.home, 'not-a-dir', 't.json')]);
    expect(r.exitCode).toBe(8);
    expect(r.stderr).toContain('no token was requested');
    expect(fx.requestsSince(mark).filter((e) => e.url.includes('/oauth/') || e.url.includes('/sessions'))).toHaveLength(0);
  });

  test('env-file output', async () => {
    const envFile = path.join(fx.home, 'out', 'acme.env');
    const r = await fx.cli(['create', '--name', 'envfile', '--token-file', path.join(fx.home, 'e.json'), '--env-output', envFile]);
    expect(r.exitCode).toBe(0);
    const token = readToken(path.join(fx.home, 'e.json')).refresh_token;
    expect(fs.readFileSync(envFile, 'utf8')).toBe(`VCD_API_TOKEN=${token}\nTF_VAR_vcd_api_token=${token}\n`);
    expect(fs.statSync(envFile).mode & 0o777).toBe(0o600);
  });
});

describe('CI output', () => {
  test('--reveal is refused with CI=true (no token created), allowed with --force', async () => {
    const before = fx.liveTokens('reveal').length;
    const r = await fx.cli(['create', '--name', 'reveal', '--token-file', path.join(fx.home, 'r.json'), '--reveal'], { env: { ...fx.env, CI: 'true' } });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('--reveal is refused in CI');
    expect(fx.liveTokens('reveal').length).toBe(before);
    const local = await fx.cli(['create', '--name', 'reveal', '--token-file', path.join(fx.home, 'r.json'), '--reveal']);
    expect(local.exitCode).toBe(0);
    expect(local.stdout.split('\n')).toContain(readToken(path.join(fx.home, 'r.json')).refresh_token);
  });

  test('GitLab: the token never reaches stdout or stderr', async () => {
    const r = await fx.cli(['create', '--name', 'gitlab', '--token-file', path.join(fx.home, 'g.json')], { env: { ...fx.env, CI: 'true', GITLAB_CI: 'true' } });
    expect(r.exitCode).toBe(0);
    expect(r.stdout + r.stderr).not.toContain(readToken(path.join(fx.home, 'g.json')).refresh_token);
  });

  test('GitHub Actions: ::add-mask:: is the first line; $GITHUB_ENV is written only with --github-env (heredoc entries); file in $RUNNER_TEMP', async () => {
    const runnerTemp = path.join(fx.home, 'runner-temp');
    fs.mkdirSync(runnerTemp);
    const githubEnv = path.join(fx.home, 'github-env');
    fs.writeFileSync(githubEnv, '');
    const ciEnv = { ...fx.env, CI: 'true', GITHUB_ACTIONS: 'true', GITHUB_ENV: githubEnv, RUNNER_TEMP: runnerTemp };
    // By default nothing goes to $GITHUB_ENV: a later platform deploy would silently authenticate with the token.
    const quiet = await fx.cli(['create', '--name', 'gha-default'], { env: ciEnv });
    expect(quiet.exitCode).toBe(0);
    expect(fs.readFileSync(githubEnv, 'utf8')).toBe('');
    const r = await fx.cli(['create', '--name', 'gha', '--github-env'], { env: ciEnv });
    expect(r.exitCode).toBe(0);
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
    const printed: string[] = [];
    for (const args of [['list'], ['list', '--json'], ['revoke', result.id]]) {
      const r = await fx.cli(args, { env: { ...fx.env, GITHUB_ACTIONS: 'true' } });
      expect(r.exitCode).toBe(0);
      printed.push(r.stdout);
      for (const line of (r.stdout + r.stderr).split('\n')) expect(line.trimStart().startsWith('::')).toBe(false);
      expect(r.stdout).not.toContain('\u001b');
      expect(r.stdout).not.toContain('%0A');
    }
    // The name was shown, neutralised, not dropped: the list outputs carry it.
    expect(printed.slice(0, 2).map((out) => out.includes('stop-commands'))).toEqual([true, true]);
  });
});
