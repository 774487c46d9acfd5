// `vcd-token service-account authorize`: the device flow for an existing account, ending in its token file.
import { COMMON_OPTIONS, CONNECTION_OPTIONS } from '../../arguments';
import type { CliCommand } from '../../command';
import { AUTHORIZE_OPTIONS, authorizeAndSave, describeAuthorized, planAuthorization } from '../../service-account-authorization';
import { ACCOUNT_OPTIONS, accountRef, withAdminSession } from '../../service-account-access';

export const authorizeServiceAccountCommand: CliCommand = {
  name: 'authorize',
  summary: 'Run the device flow: print the user code, wait for a grant, write the token file',
  usage: [
    'vcd-token service-account authorize (--name <name> | --id <urn>) [--token-file <path>] [--deadline <seconds>]',
    '                                    [--env <name> --to file|github|gitlab [store options]] [--json]',
    '',
    'Logs in as an administrator (VCD_USER / VCD_PASSWORD), starts the device authorization of the account,',
    'prints the user code on stderr and waits (a progress line per check) until an administrator grants it',
    '(vcd-token service-account grant --user-code <code>, or the VCD UI), it is denied, the code expires or',
    '--deadline passes. Then writes the token (0600, atomically) in the provider\'s service_account_token_file',
    'format. The device code is never shown. An ACTIVE account must be revoked first.',
    '',
    'With --env and --to, the token then goes to the secret store as VCD_SA_TOKEN_<ENV>_<ORG> (what bootstrap',
    'reads) and the command waits for the store to confirm it; the token file was only a safety copy and is',
    'removed (kept when --token-file is given). If the store fails, the file holds the live token: the error says',
    'how to push it (vcd-token service-account push). Store tokens: GH_TOKEN / GITHUB_TOKEN, GITLAB_TOKEN.',
  ],
  options: { ...COMMON_OPTIONS, ...CONNECTION_OPTIONS, ...ACCOUNT_OPTIONS, ...AUTHORIZE_OPTIONS },
  async run({ io, out, values }) {
    return withAdminSession(values, io, out, async (access) => {
      const account = await access.client.serviceAccounts.get(access.session, accountRef(values, access.accountOrg));
      const plan = planAuthorization(values, io, account.name);
      const done = await authorizeAndSave(access, { id: account.id, name: account.name, org: account.org.name || access.accountOrg }, plan, io, out);
      const where = describeAuthorized(done);
      out.result({ serviceAccount: { id: done.id, name: out.safe(done.name), org: out.safe(done.org), status: 'ACTIVE' }, ...where.json }, [`Authorized service account ${out.safe(done.name)} (${done.id}): ${where.line}.`]);
      return 0;
    });
  },
};
