// The `--to file|github|gitlab` of `service-account authorize`, `create --authorize` and `push`: where a
// service-account token goes, under `VCD_SA_TOKEN_<ENV>_<TENANT>` (the variable `vcd-token bootstrap` reads). A
// service-account token works once, so it is on this machine in a token file (0600) before the store is asked;
// when the store does not confirm the write, the error says that the file holds the live token and how to push it
// again, or to authorize the account again once the file is gone.
import { serviceAccountTokenVariableName } from '../bootstrap';
import { reauthorizeCommandFor } from '../bootstrap/service-account-token';
import { StoreError, type SecretStore, type StoreReceipt } from '../stores';
import type { SecretInput } from '../handoff';
import { SERVICE_ACCOUNT_FILE_TYPE } from '../handoff/token-file';
import { type OptionSpecs, type ParsedArguments, stringOption } from './arguments';
import type { CliIo } from './cli-io';
import { STORE_OPTIONS, storeFactory, type StoreFactory } from './store-options';
import { CliUsageError } from './usage-error';
import { quotedMessage } from '../client/errors';

/** The store flags, and --env for the secret's name. `--force` stays the token file's. */
export const SERVICE_ACCOUNT_STORE_OPTIONS: OptionSpecs = {
  ...Object.fromEntries(Object.entries(STORE_OPTIONS).filter(([name]) => name !== 'force')),
  to: { type: 'string', valueName: 'file|github|gitlab', description: 'The secret store the token goes to, as VCD_SA_TOKEN_<ENV>_<ORG> (needs --env); the write is confirmed' },
  env: { type: 'string', valueName: 'name', description: 'The environment the secret is named for (VCD_SA_TOKEN_<ENV>_<ORG>, what bootstrap reads)' },
};

export interface ServiceAccountStorePlan {
  readonly kind: string;
  readonly env: string;
  readonly open: StoreFactory;
}

/** The store the command writes to, checked before anything happens; undefined without --to. */
export function planServiceAccountStore(values: ParsedArguments['values'], io: CliIo, debugLog?: (line: string) => void, timeoutMs?: number): ServiceAccountStorePlan | undefined {
  if (stringOption(values, 'to') === undefined) {
    const strays = Object.keys(STORE_OPTIONS).filter((flag) => flag !== 'force' && flag !== 'to' && values[flag] !== undefined);
    if (strays.length > 0) throw new CliUsageError(`${strays.map((f) => `--${f}`).join(', ')} belong(s) to a secret store: add --to file|github|gitlab.`);
    return undefined;
  }
  const env = stringOption(values, 'env');
  if (!env) throw new CliUsageError('--to needs --env <name>: the token is stored as VCD_SA_TOKEN_<ENV>_<ORG>, the variable bootstrap reads for that environment and tenant.');
  const stores = storeFactory(values, io, debugLog, timeoutMs, ['force']);
  return { kind: stores.kind, env, open: stores.open };
}

export interface StoredServiceAccountToken {
  readonly receipt: StoreReceipt;
  readonly secretName: string;
}

/**
 * Writes a service-account token to the store and waits for the confirmation. `heldIn` is the token file that
 * holds the same token on this machine: every failure names it as the live token's location.
 */
export async function storeServiceAccountToken(
  store: SecretStore,
  input: { readonly env: string; readonly org: string; readonly name?: string; readonly id?: string; readonly vcdUrl?: string; readonly token: SecretInput; readonly heldIn: string },
): Promise<StoredServiceAccountToken> {
  const secretName = serviceAccountTokenVariableName(input.env, input.org);
  try {
    const receipt = await store.put(secretName, input.token, { tokenType: SERVICE_ACCOUNT_FILE_TYPE, ...(input.name ? { tokenName: input.name } : {}), org: input.org, ...(input.id ? { tokenId: input.id } : {}), ...(input.vcdUrl ? { vcdUrl: input.vcdUrl } : {}) });
    return { receipt, secretName };
  } catch (err) {
    if (!(err instanceof StoreError)) throw err;
    const account = input.name ? `service account ${input.name}` : `the service account of ${input.org}`;
    throw new StoreError(
      err.code,
      `${quotedMessage(err)} The live token of ${account} is in ${input.heldIn} (0600) and nowhere else: fix the store and push it again (vcd-token service-account push --token-file ${input.heldIn} --env ${input.env} --org ${input.org} --to ${store.kind} …) before that file is lost, and do not use it in between (each use rotates it). Without the file, an administrator must authorize the account again: ${reauthorizeCommandFor(input.env, input.org, input.name ?? '<name>')}`,
      { ...(err.store !== undefined ? { store: err.store } : {}), ...(err.status !== undefined ? { status: err.status } : {}), secretName, cause: err },
    );
  }
}
