// Builds the cdktf App for a validated environments config: per environment one platform stack
// (`<env>-platform`, password auth) and one stack per tenant (`<env>-<tenant>`, API-token auth), each with its
// own state backend and the ApiTokenAuthGuard. synthesizeEnvironments synthesizes it with the library's synth
// tooling (src/synth): every stack's findings at once, the offline schema check, optional HCL.
import * as path from 'node:path';
import { App } from 'cdktf';
import type { EnvironmentsConfig } from '../src/config';
import { ApiTokenAuthGuard } from '../src/constructs';
import { SynthError, synthesizeApp } from '../src/synth';
import { projectRoot } from '../src/synth/project-root';
import { normalizeVcdApiUrl, VCD_API_URL_EXAMPLE } from '../src/vcd/api-url';
import { addStackBackend } from './backends';
import { PlatformStack, type PlatformStackProps } from './platform-stack';
import { platformStackName, tenantStackName } from './stack-naming';
import { TenantStack, type TenantStackProps } from './tenant-stack';

export interface BuildAppOptions {
  /** Where to synthesize. @default $CDKTF_OUTDIR, else "<project root>/cdktf.out" */
  readonly outdir?: string;
  /** VCD API URL per environment name, replacing the configured one (the main job passes the emulator's). @default {} */
  readonly vcdUrlOverrides?: Readonly<Record<string, string>>;
  /** Write HCL (cdk.tf) instead of JSON (cdk.tf.json). @default false */
  readonly hclOutput?: boolean;
  /** Skip construct validations (guard, rights publication) and the schema check. For debugging only. @default false */
  readonly skipValidation?: boolean;
}

export type StackKind = 'platform' | 'tenant';

export interface SynthesizedStackInfo {
  readonly name: string;
  readonly environment: string;
  readonly kind: StackKind;
  readonly tenant?: string;
  /** Absolute directory of the synthesized stack. */
  readonly dir: string;
  /** The vcd provider's auth type: "integrated" (password) for platform stacks, "api_token" or "service_account_token_file" for tenant stacks. */
  readonly authType: string;
}

export interface SynthesisResult {
  readonly outdir: string;
  readonly stacks: SynthesizedStackInfo[];
}

export function buildApp(config: EnvironmentsConfig, options: BuildAppOptions = {}): App {
  const { app, stacks } = planEnvironmentsApp(config, options);
  // Each stack is constructed right here, as in synthesizeEnvironments (see PlannedStack for why).
  for (const s of stacks) s.finish(s.kind === 'platform' ? new PlatformStack(app, s.name, s.props) : new TenantStack(app, s.name, s.props));
  return app;
}

/** Builds and synthesizes every stack, checks it against the provider schema (unless skipped), and renders HCL when asked. */
export function synthesizeEnvironments(config: EnvironmentsConfig, options: BuildAppOptions = {}): SynthesisResult {
  const { app, stacks } = planEnvironmentsApp(config, options);
  // The same construction as buildApp's, written out here rather than by calling buildApp: see PlannedStack.
  for (const s of stacks) s.finish(s.kind === 'platform' ? new PlatformStack(app, s.name, s.props) : new TenantStack(app, s.name, s.props));
  const result = synthesizeApp(app, { hcl: options.hclOutput ?? false, schemaCheck: !(options.skipValidation ?? false) });
  return { outdir: result.outdir, stacks: describeStacks(app) };
}

/**
 * One stack of the app, not yet constructed: its caller constructs it and passes it to finish() (backend, guard).
 * Why the caller: cdktf records the complete call stack in every token it creates (a dozen per stack), keeps it
 * for the life of the process, and pays for it per frame. Every function between the caller and `new
 * TenantStack` would add a frame to each of those traces, in time and in memory, for every tenant; a generator
 * adds none, since it is suspended while the caller constructs.
 */
type PlannedStack =
  | { readonly kind: 'platform'; readonly name: string; readonly props: PlatformStackProps; finish(stack: PlatformStack | TenantStack): void }
  | { readonly kind: 'tenant'; readonly name: string; readonly props: TenantStackProps; finish(stack: PlatformStack | TenantStack): void };

interface EnvironmentsAppPlan {
  readonly app: App;
  /** In construction order: per environment its platform stack, then its tenants' stacks. */
  readonly stacks: Iterable<PlannedStack>;
}

/** Checks the options, creates the App and plans its stacks (nothing is constructed yet). */
function planEnvironmentsApp(config: EnvironmentsConfig, options: BuildAppOptions): EnvironmentsAppPlan {
  const outdir = path.resolve(options.outdir ?? process.env.CDKTF_OUTDIR ?? path.join(projectRoot(), 'cdktf.out'));
  const known = new Set(config.environments.map((e) => e.name));
  // Own keys only (an environment may be named "constructor"), each URL by the config's rule (src/vcd/api-url.ts).
  const overrides = new Map<string, string>();
  for (const [name, url] of Object.entries(options.vcdUrlOverrides ?? {})) {
    if (!known.has(name)) {
      throw new SynthError('SYNTH_UNKNOWN_ENVIRONMENT_OVERRIDE',
        `vcdUrlOverrides names environment "${name}", which is not in ${config.sourceFile}; known: ${[...known].join(', ')}`);
    }
    const result = normalizeVcdApiUrl(url);
    if (!result.ok) {
      throw new SynthError('SYNTH_BAD_URL_OVERRIDES', `vcdUrlOverrides: the URL for "${name}" is not a VCD API URL (${result.problem}); expected e.g. ${VCD_API_URL_EXAMPLE}.`);
    }
    overrides.set(name, result.url);
  }
  // JSON always: HCL is rendered from it afterwards (cdktf 0.21's own HCL output is broken).
  const app = new App({ outdir, skipValidation: options.skipValidation ?? false });
  const root = projectRoot();
  const stacksDir = path.join(outdir, 'stacks');
  const finisher = (name: string, backend: EnvironmentsConfig['environments'][number]['backend']) => (stack: PlatformStack | TenantStack): void => {
    addStackBackend(stack, backend, { stackName: name, stacksDir, projectRoot: root });
    // Tenant stacks already have it from VcdApiTokenProvider; applyTo adds it only where it is missing.
    ApiTokenAuthGuard.applyTo(stack);
  };
  function* stacks(): Generator<PlannedStack> {
    for (const env of config.environments) {
      const vcdUrl = overrides.get(env.name) ?? env.vcdUrl;
      const platformName = platformStackName(env.name);
      yield { kind: 'platform', name: platformName, props: { environment: env, vcdUrl }, finish: finisher(platformName, env.backend) };
      for (const tenant of env.tenants) {
        const name = tenantStackName(env.name, tenant.name);
        yield { kind: 'tenant', name, props: { environment: env, tenant, vcdUrl }, finish: finisher(name, env.backend) };
      }
    }
  }
  return { app, stacks: stacks() };
}

/** The stacks of an app built by buildApp, in construction order. */
export function describeStacks(app: App): SynthesizedStackInfo[] {
  const result: SynthesizedStackInfo[] = [];
  for (const child of app.node.children) {
    const dir = path.join(app.outdir, 'stacks', child.node.id);
    if (child instanceof PlatformStack) {
      result.push({ name: child.node.id, environment: child.environmentName, kind: 'platform', dir, authType: child.provider.authType });
    } else if (child instanceof TenantStack) {
      result.push({ name: child.node.id, environment: child.environmentName, kind: 'tenant', tenant: child.tenantName, dir, authType: child.provider.authType });
    }
  }
  return result;
}
