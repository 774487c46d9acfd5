// Environments configs for the synth benchmark: the example's shape with N tenants in one environment.
// Shared by the bench drivers (write it to a file for "ours") and the bare baseline (uses it in memory).
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface BenchTenant { name: string; manageAll: boolean; gateway: string }
export interface BenchEnvironment { name: string; vcdUrl: string; vcdVersion: string; tenants: BenchTenant[] }

/** `n` tenants, every tenth with token administrators, each with its own /24. */
export function generatedEnvironments(n: number): BenchEnvironment[] {
  const tenants: BenchTenant[] = [];
  for (let i = 0; i < n; i++) tenants.push({ name: `t${String(i).padStart(4, '0')}`, manageAll: i % 10 === 0, gateway: `10.${Math.floor(i / 250)}.${i % 250}.1` });
  return [{ name: 'scale', vcdUrl: 'https://vcd-scale.example.com/api', vcdVersion: '10.5.1', tenants }];
}

/** The same environments in the environments.json format. */
export function toConfigDocument(envs: BenchEnvironment[]): unknown {
  return {
    environments: envs.map((e) => ({
      name: e.name, vcdUrl: e.vcdUrl, vcdVersion: e.vcdVersion,
      tenants: e.tenants.map((t) => ({
        name: t.name,
        ...(t.manageAll ? { manageAllUsers: ['orgadmin'] } : {}),
        network: { name: `${t.name}-app`, gateway: t.gateway, prefixLength: 24 },
      })),
    })),
  };
}

/** Writes the config of `n` generated tenants to `dir/tenants-<n>.json` (the input of "ours"); returns its path. */
export function writeGeneratedConfig(dir: string, n: number): string {
  const file = path.join(dir, `tenants-${n}.json`);
  fs.writeFileSync(file, JSON.stringify(toConfigDocument(generatedEnvironments(n))));
  return file;
}

/** The example config (stacks/environments.json) as bench data, for the bare baseline. */
export function exampleEnvironments(): BenchEnvironment[] {
  return [
    { name: 'dev', vcdUrl: 'https://vcd-dev.example.com/api', vcdVersion: '10.5.1', tenants: [{ name: 'acme', manageAll: true, gateway: '10.10.1.1' }, { name: 'globex', manageAll: false, gateway: '10.20.1.1' }] },
    { name: 'prod', vcdUrl: 'https://vcd-prod.example.com/api', vcdVersion: '10.4.2', tenants: [{ name: 'acme', manageAll: true, gateway: '10.110.1.1' }, { name: 'globex', manageAll: false, gateway: '10.120.1.1' }] },
  ];
}
