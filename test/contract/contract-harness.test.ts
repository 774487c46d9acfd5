// The contract suite's own wiring (run by `npm test`, not by the contract suite): which targets the environment
// selects, configuration errors that name the variable, and the main test run never picking up contract checks.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { contractTargets, ContractConfigError, DEFAULT_EMULATED_VERSIONS, uniqueName, RUN_PREFIX } from './support/targets';

describe('contract targets from the environment', () => {
  test('by default: an emulator per supported release, with service accounts from 10.4', () => {
    const targets = contractTargets({});
    expect(targets.map((t) => t.label)).toEqual(DEFAULT_EMULATED_VERSIONS.map((v) => `emulator ${v}`));
    expect(DEFAULT_EMULATED_VERSIONS).toEqual(['10.3.1', '10.4', '10.5', '10.6']);
    expect(targets.map((t) => [t.apiVersion, t.hasServiceAccounts])).toEqual([['36.1', false], ['37.0', true], ['38.0', true], ['39.0', true]]);
  });

  test('VCD_CONTRACT_VERSIONS picks the emulated releases; an unknown release is an error naming the variable', () => {
    expect(contractTargets({ VCD_CONTRACT_VERSIONS: ' 10.5.1 ,10.6.1' }).map((t) => t.label)).toEqual(['emulator 10.5.1', 'emulator 10.6.1']);
    expect(() => contractTargets({ VCD_CONTRACT_VERSIONS: '9.7' })).toThrow(/VCD_CONTRACT_VERSIONS: Unsupported VCD version "9.7"/);
  });

  test('VCD_URL selects the real VCD alone; missing credentials fail naming the variable', async () => {
    const env = { VCD_URL: 'https://vcd.example.com/api', VCD_CONTRACT_API_VERSION: '38.0' };
    const [target] = contractTargets(env);
    expect(contractTargets(env)).toHaveLength(1);
    expect(target).toEqual(expect.objectContaining({ label: 'vcd.example.com', isEmulator: false, apiVersion: '38.0', hasServiceAccounts: true }));
    await expect(target.connect()).rejects.toThrow(ContractConfigError);
    await expect(target.connect()).rejects.toThrow(/VCD_CONTRACT_SYSADMIN_PASSWORD is not set/);
    const withAdmin = contractTargets({ ...env, VCD_CONTRACT_SYSADMIN_PASSWORD: 'x' })[0];
    await expect(withAdmin.connect()).rejects.toThrow(/VCD_CONTRACT_TENANT_ORG is not set/);
    expect(() => contractTargets({ VCD_URL: 'https://vcd.example.com' })).toThrow(/VCD_CONTRACT_API_VERSION/);
  });

  test('names are unique per call and carry the run prefix', () => {
    const a = uniqueName('token');
    const b = uniqueName('token');
    expect(a).not.toBe(b);
    expect(a.startsWith(`${RUN_PREFIX}-token-`)).toBe(true);
    expect(RUN_PREFIX).toMatch(/^vcd-api-tokens-contract-[0-9a-z]+-[0-9a-f]{6}$/);
  });
});

describe('the main test run and the contract run stay apart', () => {
  test('every contract check file ends in .contract.ts, which the main config never matches', () => {
    const main = require('../../jest.config.js') as { testMatch: string[] };
    const contract = require('../../jest.contract.config.js') as { testMatch: string[]; roots: string[] };
    expect(main.testMatch).toEqual(['**/*.test.ts']);
    expect(contract.testMatch).toEqual(['**/*.contract.ts']);
    expect(contract.roots).toEqual(['<rootDir>/test/contract']);
    const files = readdirSync(join(__dirname));
    const checks = files.filter((f) => f.endsWith('.contract.ts'));
    expect(checks.length).toBeGreaterThanOrEqual(6);
    expect(files.filter((f) => f.endsWith('.ts') && !f.endsWith('.contract.ts') && f !== 'contract-harness.test.ts')).toEqual([]);
  });
});
