// One Terraform state per stack, where the environment's config says. No credential ever goes into the
// synthesized backend block: Terraform reads them at init time from the environment
// (s3: AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY/AWS_PROFILE…; http: TF_HTTP_USERNAME/TF_HTTP_PASSWORD;
// pg: PG_CONN_STR).
import * as path from 'node:path';
import { HttpBackend, LocalBackend, PgBackend, type PgBackendConfig, S3Backend, type TerraformBackend, type TerraformStack } from 'cdktf';
import type { BackendConfig } from '../src/config';

export const DEFAULT_LOCAL_STATE_DIRECTORY = 'terraform-state';
export const DEFAULT_S3_KEY_PREFIX = 'vcd-api-tokens';
export const DEFAULT_PG_SCHEMA_PREFIX = 'vcd_api_tokens';

export interface StackBackendContext {
  /** Stack name, e.g. `dev-acme`. */
  readonly stackName: string;
  /** Absolute directory the stacks are synthesized to (`<outdir>/stacks`); each stack's own, Terraform's working directory, is `<stacksDir>/<name>`. */
  readonly stacksDir: string;
  /** Absolute project root; a relative local state directory is taken from here. */
  readonly projectRoot: string;
}

/** Adds the backend for `config` to `stack`. */
export function addStackBackend(stack: TerraformStack, config: BackendConfig, ctx: StackBackendContext): TerraformBackend {
  switch (config.type) {
    case 'local':
      // Relative to the stack dir (Terraform's cwd), pointing outside cdktf.out: survives re-synth and a moved checkout.
      return new LocalBackend(stack, { path: localStatePath(ctx, config.directory ?? DEFAULT_LOCAL_STATE_DIRECTORY) });
    case 's3': {
      // "vcd/" and "vcd" name the same folder: never "vcd//<stack>.tfstate".
      const prefix = (config.keyPrefix ?? DEFAULT_S3_KEY_PREFIX).replace(/\/+$/, '');
      const backend = new S3Backend(stack, {
        bucket: config.bucket,
        region: config.region,
        key: `${prefix}/${ctx.stackName}.tfstate`,
        encrypt: true,
        ...(config.dynamodbTable === undefined ? {} : { dynamodbTable: config.dynamodbTable }),
        ...(config.endpoint === undefined ? {} : { endpoints: { s3: config.endpoint } }),
        ...(config.usePathStyle === undefined ? {} : { usePathStyle: config.usePathStyle }),
      });
      // cdktf 0.21's S3Backend predates use_lockfile (Terraform 1.10): set on the synthesized backend block.
      if (config.useLockfile) backend.addOverride('use_lockfile', true);
      return backend;
    }
    case 'http': {
      const perStack = (url: string): string => (url.includes('{stack}') ? url.split('{stack}').join(ctx.stackName) : `${url.replace(/\/+$/, '')}/${ctx.stackName}`);
      return new HttpBackend(stack, {
        address: perStack(config.address),
        ...(config.lockAddress === undefined ? {} : { lockAddress: perStack(config.lockAddress) }),
        ...(config.unlockAddress ?? config.lockAddress) === undefined ? {} : { unlockAddress: perStack((config.unlockAddress ?? config.lockAddress)!) },
      });
    }
    case 'pg': {
      // conn_str is left out on purpose: Terraform's pg backend reads PG_CONN_STR. The cdktf type requires
      // connStr, hence the cast.
      const schemaName = pgSchemaName(config.schemaPrefix ?? DEFAULT_PG_SCHEMA_PREFIX, ctx.stackName);
      return new PgBackend(stack, { schemaName } as unknown as PgBackendConfig);
    }
  }
}

/** The state directory and its path from the stacks directory, for the stacks directory, project root and directory of the last call. */
let lastLocalState: { readonly stacksDir: string; readonly projectRoot: string; readonly directory: string; readonly stateDir: string; readonly fromStacksDir: string } | undefined;

/**
 * `<stateDir>/<stack>.tfstate` relative to `<stacksDir>/<stack>`, with "/" separators. The stacks of an app share
 * the stacks directory and (per environment) the state directory, so the path from one to the other is worked
 * out once and the stack's own path is `../<that>/<stack>.tfstate`, which is what path.relative gives whenever the
 * stack name is one plain path segment and the state directory is not the stack's directory or inside it.
 * Elsewhere (and on Windows, where paths compare case-insensitively and may change drive) path.relative decides.
 */
function localStatePath(ctx: StackBackendContext, directory: string): string {
  let known = lastLocalState;
  // A relative project root would be resolved against the current directory, which may have changed: not kept.
  if (known === undefined || known.stacksDir !== ctx.stacksDir || known.projectRoot !== ctx.projectRoot || known.directory !== directory || !path.isAbsolute(ctx.projectRoot)) {
    const stateDir = path.resolve(ctx.projectRoot, directory);
    known = lastLocalState = { stacksDir: ctx.stacksDir, projectRoot: ctx.projectRoot, directory, stateDir, fromStacksDir: path.relative(ctx.stacksDir, stateDir) };
  }
  const name = ctx.stackName;
  const file = `${name}.tfstate`;
  const stackDir = `${known.stacksDir}/${name}`;
  const plainSegment = name !== '' && name !== '.' && name !== '..' && !name.includes('/') && !name.includes('\\');
  if (path.sep === '/' && path.isAbsolute(known.stacksDir) && plainSegment && known.stateDir !== stackDir && !known.stateDir.startsWith(`${stackDir}/`)) {
    return known.fromStacksDir === '' ? `../${file}` : `../${known.fromStacksDir}/${file}`;
  }
  return path.relative(path.join(known.stacksDir, name), path.join(known.stateDir, file)).split(path.sep).join('/');
}

/** `<prefix>_<stack>` as a lower-case SQL identifier; the config rules make it unique per stack. */
export function pgSchemaName(prefix: string, stackName: string): string {
  return `${prefix}_${stackName.toLowerCase().replace(/[^a-z0-9_]/g, '_')}`;
}
