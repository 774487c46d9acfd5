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
import { PlatformStack } from './platform-stack';
import { platformStackName, tenantStackName } from './stack-naming';
import { TenantStack } from './tenant-stack';

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
  const addCommon = (stack: PlatformStack | TenantStack, name: string, backend: EnvironmentsConfig['environments'][number]['backend']): void => {
    addStackBackend(stack, backend, { stackName: name, stackDir: path.join(outdir, 'stacks', name), projectRoot: root });
    // Tenant stacks already have it from VcdApiTokenProvider; applyTo adds it only where it is missing.
    ApiTokenAuthGuard.applyTo(stack);
  };
  for (const env of config.environments) {
    const vcdUrl = overrides.get(env.name) ?? env.vcdUrl;
    const platformName = platformStackName(env.name);
    addCommon(new PlatformStack(app, platformName, { environment: env, vcdUrl }), platformName, env.backend);
    for (const tenant of env.tenants) {
      const name = tenantStackName(env.name, tenant.name);
      addCommon(new TenantStack(app, name, { environment: env, tenant, vcdUrl }), name, env.backend);
    }
  }
  return app;
}

/** Builds and synthesizes every stack, checks it against the provider schema (unless skipped), and renders HCL when asked. */
export function synthesizeEnvironments(config: EnvironmentsConfig, options: BuildAppOptions = {}): SynthesisResult {
  const app = buildApp(config, options);
  const result = synthesizeApp(app, { hcl: options.hclOutput ?? false, schemaCheck: !(options.skipValidation ?? false) });
  return { outdir: result.outdir, stacks: describeStacks(app) };
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
