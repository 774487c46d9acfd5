// Secrets in the synth environment must never reach synthesized output, whatever provider variant is used.
import { Aspects } from 'cdktf';
import {
  ApiTokenAuthGuard,
  ApiTokenGlobalRole,
  ApiTokenRightsBundle,
  VcdApiTokenProvider,
  VcdApiTokenProviderProps,
  VcdPasswordProvider,
  VcdPasswordProviderProps,
} from '../../src/constructs';
import { VcdProvider } from '../../.gen/providers/vcd/provider';
import { fullSynthText, newStack, synthJson, URL } from './helpers';

const CANARIES = {
  VCD_API_TOKEN: 'canary-api-token-7f3a9c1e2b',
  TF_VAR_vcd_api_token: 'canary-tfvar-token-5d8e0b4a61',
  VCD_PASSWORD: 'canary-password-c42e91f07d',
  TF_VAR_vcd_password: 'canary-tfvar-password-3b9d2e8f11',
  VCD_USER: 'canary-user-a1b2c3d4e5',
  VCD_API_TOKEN_FILE: '/tmp/canary-token-file-9e8d7c6b5a',
};

const saved: Record<string, string | undefined> = {};
beforeAll(() => {
  for (const [name, value] of Object.entries(CANARIES)) {
    saved[name] = process.env[name];
    process.env[name] = value;
  }
});
afterAll(() => {
  for (const name of Object.keys(CANARIES)) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
});

const tokenVariants: Array<[string, Partial<VcdApiTokenProviderProps>]> = [
  ['variable', {}],
  ['variable, not ephemeral', { ephemeralTokenVariable: false }],
  ['environment', { tokenSource: 'environment' }],
  ['token file', { tokenSource: { apiTokenFile: '/run/secrets/vcd-token.json' } }],
];
const passwordVariants: Array<[string, Partial<VcdPasswordProviderProps>]> = [
  ['variable', {}],
  ['environment', { credentials: 'environment' }],
];

function expectNoCanary(text: string): void {
  expect(text.length).toBeGreaterThan(100);
  for (const canary of Object.values(CANARIES)) expect(text).not.toContain(canary);
}

describe('no secret from the environment reaches synthesized output', () => {
  test('the canaries are really in the environment while stacks are built', () => {
    expect(process.env.VCD_API_TOKEN).toBe(CANARIES.VCD_API_TOKEN);
    expect(process.env.TF_VAR_vcd_api_token).toBe(CANARIES.TF_VAR_vcd_api_token);
    expect(process.env.VCD_PASSWORD).toBe(CANARIES.VCD_PASSWORD);
  });

  test.each(tokenVariants)('token provider (%s)', (_name, variant) => {
    const { app, stack } = newStack();
    new VcdApiTokenProvider(stack, 'vcd', { url: URL, org: 'acme', ...variant });
    Aspects.of(stack).add(new ApiTokenAuthGuard());
    expectNoCanary(JSON.stringify(synthJson(stack)));
    expectNoCanary(fullSynthText(app));
  });

  test.each(passwordVariants)('password provider (%s) with bundles and roles', (_name, variant) => {
    const { app, stack } = newStack();
    new VcdPasswordProvider(stack, 'vcd', { url: URL, ...variant });
    new ApiTokenRightsBundle(stack, 'bundle', { name: 'B', vcdVersion: '10.5', publishToAllTenants: true, includeManageAll: true });
    new ApiTokenGlobalRole(stack, 'role', { name: 'R', kind: 'administrator', tenants: ['acme'] });
    Aspects.of(stack).add(new ApiTokenAuthGuard());
    expectNoCanary(JSON.stringify(synthJson(stack)));
    expectNoCanary(fullSynthText(app));
  });

  test('control: the detector does catch a token read from process.env at synth time', () => {
    const { app, stack } = newStack();
    new VcdProvider(stack, 'leaky', { url: URL, org: 'acme', authType: 'api_token', apiToken: process.env.VCD_API_TOKEN });
    expect(fullSynthText(app)).toContain(CANARIES.VCD_API_TOKEN);
  });

  test('a stack with both providers (aliased)', () => {
    const { app, stack } = newStack();
    new VcdPasswordProvider(stack, 'platform', { url: URL, alias: 'platform' });
    new VcdApiTokenProvider(stack, 'tenant', { url: URL, org: 'acme', alias: 'tenant' });
    expectNoCanary(fullSynthText(app));
  });
});
