import * as fs from 'node:fs';
import { App, Tokenization } from 'cdktf';
import { ApiTokenAuthGuard } from '../../src/constructs';
import { buildApp, describeStacks, synthesizeEnvironments } from '../../stacks/app';
import { TenantStack } from '../../stacks/tenant-stack';
import { exampleConfig, mutatedConfig, tempDir } from './helpers';

// buildApp and synthesizeEnvironments each construct the stacks themselves (stacks/app.ts, PlannedStack): these
// tests keep the two in step, and keep the construction in the caller's frame.

/** The frames cdktf recorded when it created the token behind `value`, innermost first. */
function creationStack(value: string): string[] {
  const token = Tokenization.reverseString(value).firstToken;
  if (token === undefined) throw new Error(`${value} is not a token`);
  return [...token.creationStack];
}

describe('stack construction in stacks/app', () => {
  let outdir: string;
  beforeEach(() => { outdir = tempDir('construction-'); });
  afterEach(() => fs.rmSync(outdir, { recursive: true, force: true }));

  it('buildApp builds the stacks synthesizeEnvironments writes, in the same order, with the same guard and backend', () => {
    const config = mutatedConfig((doc) => { doc.environments[1].tenants.push({ name: 'initech', identity: { type: 'serviceAccount', role: 'Deployer' } }); });
    const built = buildApp(config, { outdir });
    const synthesized = synthesizeEnvironments(config, { outdir });
    expect(describeStacks(built)).toEqual(synthesized.stacks);
    expect(synthesized.stacks.map((s) => s.name)).toContain('prod-initech');
    for (const stack of built.node.children) {
      expect(stack.node.tryFindChild('backend')).toBeDefined();
      expect(ApiTokenAuthGuard.isAppliedTo(stack as TenantStack)).toBe(true);
    }
  });

  /** The frame that constructed the first tenant stack of `app`. */
  function constructingFrame(app: App): string | undefined {
    const tenant = app.node.children.find((c): c is TenantStack => c instanceof TenantStack);
    if (tenant === undefined) throw new Error('no tenant stack');
    // The edge gateway's id, read while the stack was constructed (the getters make a new token on every read).
    const frames = creationStack(tenant.network.edgeGatewayIdInput as string);
    const at = frames.findIndex((f) => f.startsWith('new TenantStack '));
    expect(at).toBeGreaterThan(0);
    return frames[at + 1];
  }

  it('constructs each stack directly in buildApp and in synthesizeEnvironments, with no frame in between (cdktf keeps a trace of every frame per token)', () => {
    expect(constructingFrame(buildApp(exampleConfig(), { outdir }))).toMatch(/^buildApp /);

    const apps: App[] = [];
    const synth = App.prototype.synth;
    const spy = jest.spyOn(App.prototype, 'synth').mockImplementation(function (this: App) { apps.push(this); synth.call(this); });
    try {
      synthesizeEnvironments(exampleConfig(), { outdir });
    } finally {
      spy.mockRestore();
    }
    expect(apps).toHaveLength(1);
    expect(constructingFrame(apps[0])).toMatch(/^synthesizeEnvironments /);
  });
});
