// The file store: today's token file (the provider's api_token_file format, 0600, atomic) plus the env-file a
// deploy step sources (`VCD_API_TOKEN=`, `TF_VAR_vcd_api_token=`). The default store of `enroll` and `rotate`,
// and the one `npm start` enrolls to. Confirmed by reading the file back. A service-account token (details
// `tokenType: "Service Account"`) gets the provider's service_account_token_file format, and its env-file names
// the file (`VCD_SA_TOKEN_FILE=`), because the provider rewrites the file on every use.
import * as path from 'node:path';
import { readTokenFile, serviceAccountEnvEntries, tokenEnvEntries, writeEnvFile, writeTokenFile } from '../handoff';
import { API_TOKEN_FILE_TYPE, SERVICE_ACCOUNT_FILE_TYPE } from '../handoff/token-file';
import { revealSecret, type SecretInput } from '../handoff/secret-value';
import type { SecretStore, StoredSecretDetails, StoreReceipt } from './secret-store';
import { StoreError } from './store-error';

export interface FileSecretStoreOptions {
  /** Directory of the files (created 0700 when missing). */
  readonly directory: string;
  /**
   * The file name (without `.json` / `.env`) for a secret name, e.g. `VCD_API_TOKEN_DEV_ACME` → `dev-acme`, so the
   * files are the ones `vcd-token bootstrap` reuses and deploy steps source. @default the secret name itself
   */
  readonly fileBaseName?: (secretName: string) => string;
  /** Also write the env-file. @default true */
  readonly envFile?: boolean;
  /** Allow a directory inside a git work tree or cdktf.out. @default false */
  readonly force?: boolean;
}

export class FileSecretStore implements SecretStore {
  readonly kind = 'file';
  readonly #options: FileSecretStoreOptions;

  constructor(options: FileSecretStoreOptions) {
    this.#options = { ...options, directory: path.resolve(options.directory) };
  }

  /** The token file a secret name is written to. */
  tokenFileFor(name: string): string {
    return path.join(this.#options.directory, `${this.#base(name)}.json`);
  }

  /** The env-file a secret name is written to (undefined when env-files are off). */
  envFileFor(name: string): string | undefined {
    return this.#options.envFile === false ? undefined : path.join(this.#options.directory, `${this.#base(name)}.env`);
  }

  describe(name: string): string {
    const envFile = this.envFileFor(name);
    return `token file ${this.tokenFileFor(name)}${envFile ? ` and env-file ${envFile}` : ''}`;
  }

  async put(name: string, secret: SecretInput, details: StoredSecretDetails = {}): Promise<StoreReceipt> {
    const tokenFile = this.tokenFileFor(name);
    const force = this.#options.force;
    const tokenType = details.tokenType ?? API_TOKEN_FILE_TYPE;
    await writeTokenFile(tokenFile, { apiToken: secret, ...details }, { force });
    const envFile = this.envFileFor(name);
    if (envFile) await writeEnvFile(envFile, tokenType === SERVICE_ACCOUNT_FILE_TYPE ? serviceAccountEnvEntries(tokenFile) : tokenEnvEntries(secret), { force });
    // Read back through the same reader bootstrap uses: a file it could not use is not a confirmed write.
    const back = readTokenFile(tokenFile, { expect: tokenType });
    if (back.apiToken !== revealSecret(secret)) {
      throw new StoreError('STORE_NOT_CONFIRMED', `${tokenFile} does not hold the value just written (another process replaced it?); the write of ${name} is not confirmed.`, { store: this.kind, secretName: name });
    }
    return { store: this.kind, name, location: envFile ? `${tokenFile} (env-file ${envFile})` : tokenFile, confirmedBy: 'file read back' };
  }

  #base(name: string): string {
    const base = this.#options.fileBaseName?.(name) ?? name;
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(base)) {
      throw new StoreError('STORE_INVALID_ARGUMENT', `${JSON.stringify(base)} is not a safe file name for ${name} (letters, digits, ".", "_", "-").`, { store: this.kind, secretName: name });
    }
    return base;
  }
}
