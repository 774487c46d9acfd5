// `vcd-token service-account push`: after a deploy, the provider has used the service account's token, got the
// next one and rewritten the token file; this writes the file's token back to the secret store, so the next run
// starts from the live token. It never uses the token (a use would rotate it) and sends nothing to VCD.
import { readServiceAccountTokenFile } from '../../../handoff';
import { COMMON_OPTIONS, numberOption, stringOption, TIMEOUT_OPTION } from '../../arguments';
import type { CliCommand } from '../../command';
import { resolvePath } from '../../connection';
import { planServiceAccountStore, SERVICE_ACCOUNT_STORE_OPTIONS, storeServiceAccountToken } from '../../service-account-store';
import { CliUsageError } from '../../usage-error';

export const pushServiceAccountCommand: CliCommand = {
  name: 'push',
  summary: 'Write a service-account token file back to the secret store (after a deploy rotated it)',
  usage: [
    'vcd-token service-account push --token-file <path> --env <name> --org <org> --to file|github|gitlab [store options] [--json]',
    '',
    'Reads the token file (service_account_token_file format; an API token file is refused) and writes its',
    'token to the store as VCD_SA_TOKEN_<ENV>_<ORG>, the variable bootstrap reads, then waits for the store to',
    'confirm it. Run it after every deploy of a service-account tenant, also a failed one: the provider may have',
    'rotated the token before the failure. The token is not used and nothing is sent to VCD. --org (or VCD_ORG)',
    'is needed after the provider rewrote the file (it records no org). Store tokens: GH_TOKEN / GITHUB_TOKEN, GITLAB_TOKEN (never arguments).',
  ],
  options: {
    ...COMMON_OPTIONS,
    'token-file': { type: 'string', valueName: 'path', description: 'The token file the deploy used (env VCD_SA_TOKEN_FILE, as the bootstrap env-file sets it) (required)' },
    org: { type: 'string', valueName: 'org', description: 'The tenant org (env VCD_ORG) [default: the org the file records; the provider\'s rewrite records none]' },
    // The same checked flag as the VCD commands' (range, VCD_TIMEOUT), applied to the store's requests.
    timeout: { ...TIMEOUT_OPTION, description: 'Store request timeout in seconds, 0.1 to 3600 (env VCD_TIMEOUT) [default: 30]' },
    ...SERVICE_ACCOUNT_STORE_OPTIONS,
  },
  async run({ io, out, values }) {
    const fileOption = stringOption(values, 'token-file') ?? (io.env.VCD_SA_TOKEN_FILE || undefined);
    if (!fileOption) throw new CliUsageError('Missing --token-file <path>: the service-account token file the deploy used (the bootstrap env-file sets VCD_SA_TOKEN_FILE).');
    if (stringOption(values, 'to') === undefined) throw new CliUsageError('Missing --to file|github|gitlab: the secret store the token goes back to.');
    const tokenFile = resolvePath(io, fileOption);
    const timeout = numberOption(values, 'timeout');
    const debugLog = values.debug === true ? (line: string) => io.stderr.write(`debug: ${line}\n`) : undefined;
    const plan = planServiceAccountStore(values, io, debugLog, timeout !== undefined ? Math.round(timeout * 1000) : undefined);
    if (!plan) throw new CliUsageError('Missing --to file|github|gitlab: the secret store the token goes back to.');
    const record = readServiceAccountTokenFile(tokenFile);
    // The provider rewrites the file without our metadata: --org / VCD_ORG first, then what the file records.
    const org = stringOption(values, 'org') ?? (io.env.VCD_ORG || undefined) ?? record.org;
    if (!org) throw new CliUsageError(`${tokenFile} records no org (the provider rewrites it without one): pass --org <tenant org> (the secret is VCD_SA_TOKEN_<ENV>_<ORG>).`);
    const store = plan.open({ env: plan.env, tenant: org });
    try {
      const stored = await storeServiceAccountToken(store, {
        env: plan.env,
        org,
        ...(record.tokenName ? { name: record.tokenName } : {}),
        ...(record.tokenId ? { id: record.tokenId } : {}),
        ...(record.vcdUrl ? { vcdUrl: record.vcdUrl } : {}),
        token: record.apiToken,
        heldIn: tokenFile,
      });
      out.result(
        { tokenFile, org: out.safe(org), serviceAccount: record.tokenName === undefined ? null : out.safe(record.tokenName), secretName: stored.secretName, ...stored.receipt },
        [`Pushed the service-account token of ${tokenFile} to ${stored.receipt.location} as ${stored.secretName} (confirmed: ${stored.receipt.confirmedBy}).`],
      );
      return 0;
    } finally {
      await store.close?.().catch(() => undefined);
    }
  },
};
