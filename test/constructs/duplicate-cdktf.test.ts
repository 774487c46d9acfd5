// A second copy of cdktf must fail loudly instead of silently skipping the guard: cdktf keys aspects on a
// per-copy Symbol, so an ApiTokenAuthGuard added through this library's copy never runs in an App of another copy.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, Testing, TerraformStack } from 'cdktf';
import { ApiTokenAuthGuard, ApiTokenRightsBundle, VcdApiTokenProvider, VcdConstructError } from '../../src/constructs';
import { synthesizeApp } from '../../src/synth';
import { thrownBy, URL } from './helpers';

type Cdktf = typeof import('cdktf');

/** The same cdktf, loaded again in a fresh module registry: what a tree from another copy looks like. */
function isolatedCdktf(): Cdktf {
  let copy: Cdktf | undefined;
  jest.isolateModules(() => {
    copy = require('cdktf') as Cdktf;
  });
  return copy as Cdktf;
}

/**
 * A second cdktf directory, laid out as npm nests one (`<app>/node_modules/cdktf` next to a shared `constructs`):
 * its lib/ and package.json copied, its bundled dependencies linked.
 */
function secondCdktfDirectory(): string {
  const real = path.dirname(require.resolve('cdktf/package.json'));
  const modules = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'second-cdktf-')), 'node_modules');
  const copy = path.join(modules, 'cdktf');
  fs.mkdirSync(copy, { recursive: true });
  fs.cpSync(path.join(real, 'lib'), path.join(copy, 'lib'), { recursive: true });
  fs.copyFileSync(path.join(real, 'package.json'), path.join(copy, 'package.json'));
  fs.symlinkSync(path.join(real, 'node_modules'), path.join(copy, 'node_modules'), 'dir');
  fs.symlinkSync(path.dirname(require.resolve('constructs/package.json')), path.join(modules, 'constructs'), 'dir');
  return copy;
}

function expectDuplicateCdktf(err: unknown, ...dirs: string[]): void {
  expect(err).toBeInstanceOf(VcdConstructError);
  const { code, message } = err as VcdConstructError;
  expect(code).toBe('CONSTRUCT_DUPLICATE_CDKTF');
  expect(message).toMatch(/copies of cdktf are loaded in this process/);
  expect(message).toContain('ApiTokenAuthGuard');
  expect(message).toContain('npm ls cdktf');
  expect(message).toContain('npm dedupe');
  for (const dir of dirs) expect(message).toContain(dir);
}

const ourCdktf = path.dirname(require.resolve('cdktf/package.json'));

test('one copy: the constructs build and the guard runs', () => {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'tenant');
  new VcdApiTokenProvider(stack, 'vcd', { url: URL, org: 'acme' });
  new ApiTokenRightsBundle(stack, 'bundle', { name: 'b', vcdVersion: '10.5.1', tenants: ['acme'] });
  expect(thrownBy(() => app.synth()).message).toContain('CONSTRUCT_GUARD_TOKEN_SESSION_RESTRICTED');
});

describe('a construct tree built with another instance of cdktf', () => {
  test.each([
    ['VcdApiTokenProvider', (stack: TerraformStack) => new VcdApiTokenProvider(stack, 'vcd', { url: URL, org: 'acme' })],
    ['ApiTokenRightsBundle', (stack: TerraformStack) => new ApiTokenRightsBundle(stack, 'b', { name: 'b', vcdVersion: '10.5.1', tenants: ['acme'] })],
    ['ApiTokenAuthGuard.applyTo', (stack: TerraformStack) => ApiTokenAuthGuard.applyTo(stack)],
  ])('%s refuses it, naming the copy this library uses', (_name, build) => {
    const other = isolatedCdktf();
    const app = new other.App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'other-app-')) });
    const stack = new other.TerraformStack(app, 'tenant') as unknown as TerraformStack;
    const err = thrownBy(() => build(stack));
    expectDuplicateCdktf(err, ourCdktf);
    expect(err.message).toContain('the App of this construct tree');
  });

  test('a stack of another instance without an App is refused too', () => {
    const other = isolatedCdktf();
    const stack = new other.TerraformStack(undefined as never, 'alone') as unknown as TerraformStack;
    expectDuplicateCdktf(thrownBy(() => new VcdApiTokenProvider(stack, 'vcd', { url: URL, org: 'acme' })), ourCdktf);
  });

  test('synthesizeApp refuses an App of another instance', () => {
    const other = isolatedCdktf();
    const app = new other.App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'other-app-')) }) as unknown as App;
    expectDuplicateCdktf(thrownBy(() => synthesizeApp(app)), ourCdktf);
  });
});

// Last: once a second directory is loaded it stays in this file's module registry.
test('a second cdktf directory loaded in the process fails every tree, naming both directories', () => {
  const copyDir = secondCdktfDirectory();
  const second = require(copyDir) as Cdktf;
  expect(second.App).not.toBe(App);
  // Even a tree built entirely with this library's copy: the app may use either copy at any point.
  const app = Testing.app();
  const stack = new TerraformStack(app, 'tenant');
  const err = thrownBy(() => new VcdApiTokenProvider(stack, 'vcd', { url: URL, org: 'acme' }));
  expectDuplicateCdktf(err, ourCdktf, fs.realpathSync(copyDir));
  expect(err.message).toMatch(/^\[CONSTRUCT_DUPLICATE_CDKTF\] tenant\/vcd: 2 copies of cdktf/);
});
