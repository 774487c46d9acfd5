// What a cdktf app run by `vcd-token bootstrap --synth` gets from its environment, as `cdktf synth` would run
// it: CDKTF_OUTDIR (cdktf's own: App() writes there), VCD_URL_OVERRIDES (a JSON object of environment name →
// VCD API URL, for apps whose VCD URL differs from the configured one, e.g. an emulator or a tunnel) and
// VCD_ENVIRONMENTS_FILE (the environments config that was bootstrapped). This project's stacks/main.ts reads all
// three; a user's own app may read what it needs. No secret is passed: the app never needs one at synth.
import { normalizeVcdApiUrl } from '../vcd/api-url';
import { SynthError } from './synth-error';

export const CDKTF_OUTDIR_ENV = 'CDKTF_OUTDIR';
export const VCD_URL_OVERRIDES_ENV = 'VCD_URL_OVERRIDES';
export const VCD_ENVIRONMENTS_FILE_ENV = 'VCD_ENVIRONMENTS_FILE';

/** Variables never handed to the app: passwords and tokens (synth must not depend on them). */
const SECRET_VARIABLE = /^(VCD_PASSWORD|VCD_API_TOKEN|VCD_SA_TOKEN|TF_VAR_vcd_(api_token|password|user))/;

export interface AppEnvironmentInput {
  /** The caller's environment; secrets are dropped from the copy. */
  readonly base: NodeJS.ProcessEnv;
  /** Absolute output directory. */
  readonly outdir: string;
  /** VCD API URL per environment name. @default - none (VCD_URL_OVERRIDES unset) */
  readonly vcdUrlOverrides?: Readonly<Record<string, string>>;
  /** The environments config file. @default - VCD_ENVIRONMENTS_FILE as in `base` */
  readonly environmentsFile?: string;
}

/** The environment for the app's process. */
export function appEnvironment(input: AppEnvironmentInput): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(input.base)) if (!SECRET_VARIABLE.test(name)) env[name] = value;
  env[CDKTF_OUTDIR_ENV] = input.outdir;
  env.CHECKPOINT_DISABLE = input.base.CHECKPOINT_DISABLE ?? '1';
  if (input.vcdUrlOverrides && Object.keys(input.vcdUrlOverrides).length > 0) env[VCD_URL_OVERRIDES_ENV] = JSON.stringify(input.vcdUrlOverrides);
  else delete env[VCD_URL_OVERRIDES_ENV];
  if (input.environmentsFile !== undefined) env[VCD_ENVIRONMENTS_FILE_ENV] = input.environmentsFile;
  return env;
}

/** VCD_URL_OVERRIDES parsed and checked; {} when unset. Throws SYNTH_BAD_URL_OVERRIDES naming the variable. */
export function vcdUrlOverridesFromEnvironment(env: NodeJS.ProcessEnv): Record<string, string> {
  const raw = env[VCD_URL_OVERRIDES_ENV];
  if (raw === undefined || raw.trim() === '') return {};
  const expected = `${VCD_URL_OVERRIDES_ENV} must be a JSON object of environment name to https VCD API URL, e.g. {"dev":"https://127.0.0.1:8443/api"}`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new SynthError('SYNTH_BAD_URL_OVERRIDES', `${expected}; it is not valid JSON.`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new SynthError('SYNTH_BAD_URL_OVERRIDES', `${expected}; it is not an object.`);
  const overrides: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [name, url] of Object.entries(parsed)) {
    const result = typeof url === 'string' ? normalizeVcdApiUrl(url) : { ok: false as const, problem: 'not a string' };
    if (!result.ok) throw new SynthError('SYNTH_BAD_URL_OVERRIDES', `${expected}; the value for ${JSON.stringify(name.slice(0, 40))} is not a VCD API URL (${result.problem}).`);
    overrides[name] = result.url;
  }
  return overrides;
}
