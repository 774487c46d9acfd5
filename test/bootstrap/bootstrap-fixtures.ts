// The environments config the bootstrap tests share: one environment `dev` whose tenants use the emulator's
// demo automation user. The URL is a placeholder; tests pass the emulator's URL as an override.
import { EnvironmentsConfig, parseEnvironmentsConfig } from '../../src/config';

export function bootstrapConfig(tenants: readonly string[]): EnvironmentsConfig {
  return parseEnvironmentsConfig(
    {
      environments: [{
        name: 'dev',
        vcdUrl: 'https://vcd-dev.invalid/api',
        vcdVersion: '10.5.1',
        tenants: tenants.map((name, i) => ({ name, automationUser: 'automation', network: { name: `${name}-net`, gateway: `10.${i + 1}.0.1`, prefixLength: 24 } })),
      }],
    },
    '/virtual/environments.json',
  );
}
