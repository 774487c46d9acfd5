// Where a bootstrap target's token comes from: small strategies tried in order, the first that answers wins.
// The defaults are the CI-held token (VCD_API_TOKEN_<ENV>_<TENANT>), the token dir's file from an earlier run,
// and minting with the automation user's password (not with --no-create). Other credential kinds (service
// accounts) plug in as another source in front of these (`BootstrapOptions.tokenSources`).
import type { SecretStore } from '../stores/secret-store';
import type { BootstrapTarget, BootstrapTargetResult } from './bootstrap-target';
import type { MintedTokens } from './minted-tokens';
import type { PasswordProvider } from './password-source';
import type { TokenApi } from './token-api';

export interface TokenSourceContext {
  /** The client of the target's environment. */
  readonly client: TokenApi;
  /** Environment variables (CI-held tokens, passwords). */
  readonly processEnv: NodeJS.ProcessEnv;
  /** The caller's password callback first, then VCD_PASSWORD_<ENV>_<TENANT> / VCD_PASSWORD. */
  readonly password: PasswordProvider;
  /** Minting is off (--no-create, VCD_TOKEN_NO_CREATE=1): a source must never create a token. */
  readonly noCreate: boolean;
  /** Registers a token value with the CI log masker; call it before the value is written anywhere. */
  readonly maskSecret: (value: string) => void;
  /**
   * Where a CI-held token that VCD rotated on use is written back under its variable name, so the next run still
   * has a working one. @default - none: a rotation is reported in the target's notes
   */
  readonly writeBack?: SecretStore;
  /** The record of tokens bootstrap minted in this token dir (what a cleanup step revokes). */
  readonly minted: MintedTokens;
}

export interface TokenSource {
  /** Short name, as reported in `BootstrapTargetResult.source`. */
  readonly name: string;
  /**
   * A working token for `target`, written to its token file and env-file; or undefined when this source has nothing
   * for the target (the next source is tried). Throws when the source is responsible for the target but fails:
   * then no later source is tried (a CI-held token that VCD refuses must not lead to minting).
   */
  obtain(target: BootstrapTarget, context: TokenSourceContext): Promise<BootstrapTargetResult | undefined>;
}
