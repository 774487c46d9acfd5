// The environments config the bootstrap tests share: one environment `dev` whose tenants use the emulator's
// demo automation user. The URL is a placeholder; tests pass the emulator's URL as an override
// (`vcdUrlOverrides`, or `--vcd-url dev=<url>` on the command line).
import * as fs from 'node:fs';
import { EnvironmentsConfig, parseEnvironmentsConfig } from '../../src/config';

function rawConfig(tenants: readonly string[]): unknown {
  return {
    environments: [{
      name: 'dev',
      vcdUrl: 'https://vcd-dev.invalid/api',
      vcdVersion: '10.5.1',
      tenants: tenants.map((name, i) => ({ name, automationUser: 'automation', network: { name: `${name}-net`, gateway: `10.${i + 1}.0.1`, prefixLength: 24 } })),
    }],
  };
}

export function bootstrapConfig(tenants: readonly string[]): EnvironmentsConfig {
  return parseEnvironmentsConfig(rawConfig(tenants), '/virtual/environments.json');
}

/** The same config written to `file`, for `vcd-token bootstrap --config <file>`. */
export function writeEnvironmentsConfig(file: string, tenants: readonly string[]): void {
  fs.writeFileSync(file, JSON.stringify(rawConfig(tenants)));
}
