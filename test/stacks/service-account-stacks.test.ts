// A tenant whose identity is a service account: the platform stack declares the account (role looked up in the
// tenant org) and publishes the service-account rights to that tenant; the tenant stack authenticates with
// service_account_token_file from a variable. Synthesized with the real synth (provider-schema check included).
import * as fs from 'node:fs';
import { synthesizeEnvironments, type SynthesisResult } from '../../stacks/app';
import { checkSynthOutput } from '../../src/synth/schema-check';
import { mutatedConfig, readStack, tempDir } from './helpers';

let outdir: string;
let result: SynthesisResult;
beforeAll(() => {
  outdir = tempDir('sa-stacks-');
  const config = mutatedConfig((doc) => {
    doc.environments[0].tenants[1].identity = { type: 'serviceAccount', name: 'globex-deployer', role: 'Network Deployer' };
  });
  result = synthesizeEnvironments(config, { outdir });
});
afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

const values = (block: Record<string, unknown> | undefined): any[] => Object.values(block ?? {});

test('the service-account tenant stack authenticates with its token file from TF_VAR_vcd_service_account_token_file', () => {
  expect(result.stacks.map((s) => [s.name, s.authType])).toEqual([
    ['dev-platform', 'integrated'],
    ['dev-acme', 'api_token'],
    ['dev-globex', 'service_account_token_file'],
    ['prod-platform', 'integrated'],
    ['prod-acme', 'api_token'],
    ['prod-globex', 'api_token'],
  ]);
  const doc = readStack(outdir, 'dev-globex');
  expect(doc.provider.vcd).toEqual([
    expect.objectContaining({
      auth_type: 'service_account_token_file',
      service_account_token_file: '${var.vcd_service_account_token_file}',
      allow_service_account_token_file: true,
      org: 'globex',
      sysorg: 'globex',
      user: 'none',
      password: 'none',
    }),
  ]);
  expect(doc.provider.vcd[0]).not.toHaveProperty('api_token');
  expect(doc.variable).toEqual({ vcd_service_account_token_file: expect.objectContaining({ type: 'string', nullable: false }) });
  expect(doc.variable.vcd_service_account_token_file).not.toHaveProperty('sensitive');
  expect(values(doc.resource.vcd_network_routed_v2).map((n) => n.name)).toEqual(['globex-app']);
});

test('the platform stack declares the service account in the tenant org and publishes the service-account rights to that tenant only', () => {
  const doc = readStack(outdir, 'dev-platform');
  const accounts = values(doc.resource.vcd_service_account);
  expect(accounts).toEqual([
    expect.objectContaining({ name: 'globex-deployer', org: 'globex', software_id: expect.stringMatching(/^[0-9a-f-]{36}$/), role_id: expect.stringMatching(/^\$\{data\.vcd_role\..+\.id\}$/) }),
  ]);
  expect(accounts[0]).not.toHaveProperty('active');
  expect(accounts[0]).not.toHaveProperty('file_name');
  expect(values(doc.data.vcd_role)).toEqual([expect.objectContaining({ org: 'globex', name: 'Network Deployer' })]);
  const bundle = values(doc.resource.vcd_rights_bundle).find((b) => b.name === 'Service Account Rights');
  expect(bundle).toMatchObject({ tenants: ['globex'], publish_to_all_tenants: false });
  expect(bundle.rights).toEqual(expect.arrayContaining(['View Service Accounts', 'Manage Service Accounts']));
  expect(values(readStack(outdir, 'prod-platform').resource.vcd_service_account)).toEqual([]);
});

test('every synthesized stack passes the provider-schema check (vcd_service_account, service_account_token_file)', () => {
  expect(checkSynthOutput(outdir)).toEqual([]);
});
