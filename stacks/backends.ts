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

/** `<directory>/<stack>.tfstate` (directory resolved from the project root) relative to `<stacksDir>/<stack>`, with "/" separators. */
function localStatePath(ctx: StackBackendContext, directory: string): string {
  const stateFile = path.join(path.resolve(ctx.projectRoot, directory), `${ctx.stackName}.tfstate`);
  return path.relative(path.join(ctx.stacksDir, ctx.stackName), stateFile).split(path.sep).join('/');
}

/** `<prefix>_<stack>` as a lower-case SQL identifier; the config rules make it unique per stack. */
export function pgSchemaName(prefix: string, stackName: string): string {
  return `${prefix}_${stackName.toLowerCase().replace(/[^a-z0-9_]/g, '_')}`;
}
