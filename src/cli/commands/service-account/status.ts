// `vcd-token service-account status` and `list`: what VCD says about service accounts (never a token).
import type { VcdServiceAccountInfo } from '../../../client';
import { readServiceAccountTokenFile } from '../../../handoff';
import { COMMON_OPTIONS, CONNECTION_OPTIONS, stringOption } from '../../arguments';
import type { CliCommand } from '../../command';
import type { CliOutput } from '../../cli-io';
import { resolvePath } from '../../connection';
import { ACCOUNT_OPTIONS, accountRef, withAdminSession } from '../../service-account-access';

const NEXT_STEP: Readonly<Record<string, string>> = {
  CREATED: 'no token; authorize it (vcd-token service-account authorize)',
  REQUESTED: 'a device authorization waits for an administrator (vcd-token service-account grant)',
  GRANTED: 'granted; the waiting authorize collects the token at its next check',
  ACTIVE: 'holds a token (it rotates on every use)',
};

function row(a: VcdServiceAccountInfo, out: CliOutput): Record<string, unknown> {
  return {
    id: a.id,
    name: out.safe(a.name),
    org: out.safe(a.org.name),
    role: out.safe(a.role.name),
    status: a.status === null ? null : out.safe(a.status),
    softwareId: a.softwareId,
    softwareVersion: a.softwareVersion === null ? null : out.safe(a.softwareVersion),
    uri: a.uri === null ? null : out.safe(a.uri),
  };
}

export const statusServiceAccountCommand: CliCommand = {
  name: 'status',
  summary: 'Show a service account: status (CREATED, REQUESTED, GRANTED, ACTIVE), role, org, id',
  usage: [
    'vcd-token service-account status (--name <name> | --id <urn> | --token-file <path>) [--json]',
    '',
    'Reads the account with an administrator\'s session (VCD_USER / VCD_PASSWORD). --token-file only reads',
    'which account a token file belongs to; the token is not used (using it would rotate it).',
  ],
  options: {
    ...COMMON_OPTIONS,
    ...CONNECTION_OPTIONS,
    ...ACCOUNT_OPTIONS,
    'token-file': { type: 'string', valueName: 'path', description: 'A service-account token file written by authorize or bootstrap (its metadata names the account)' },
  },
  async run({ io, out, values }) {
    const file = stringOption(values, 'token-file');
    const fromFile = file !== undefined ? readServiceAccountTokenFile(resolvePath(io, file)) : undefined;
    return withAdminSession(values, io, out, async (access) => {
      const ref = fromFile?.tokenId !== undefined && stringOption(values, 'name') === undefined && stringOption(values, 'id') === undefined
        ? { id: fromFile.tokenId }
        : accountRef(values, fromFile?.org ?? access.accountOrg);
      const account = await access.client.serviceAccounts.get(access.session, ref);
      const r = row(account, out);
      const next = typeof account.status === 'string' ? NEXT_STEP[account.status] : undefined;
      out.result({ serviceAccount: r }, [
        `${r.name} (${r.id}) in org ${r.org}: ${r.status ?? 'status not visible (limited view)'}${next ? ` - ${next}` : ''}`,
        `  role ${r.role}; software id ${r.softwareId ?? '-'}`,
      ]);
      return 0;
    });
  },
};

export const listServiceAccountsCommand: CliCommand = {
  name: 'list',
  summary: 'List service accounts visible to the administrator (id, name, org, role, status)',
  usage: ['vcd-token service-account list [--name <name>] [--org <org>] [--json]', '', 'A System administrator sees every org\'s accounts; --org narrows the list.'],
  options: {
    ...COMMON_OPTIONS,
    ...CONNECTION_OPTIONS,
    name: { type: 'string', valueName: 'name', description: 'Only accounts with this name' },
  },
  async run({ io, out, values }) {
    return withAdminSession(values, io, out, async (access) => {
      const name = stringOption(values, 'name');
      const org = stringOption(values, 'org');
      const accounts = await access.client.serviceAccounts.list(access.session, { ...(name !== undefined ? { name } : {}), ...(org !== undefined ? { org } : {}) });
      const rows = accounts.map((a) => row(a, out));
      out.result({ serviceAccounts: rows }, rows.length === 0 ? ['No service accounts.'] : rows.map((r) => `${r.id}  ${r.name}  org=${r.org}  role=${r.role}  status=${r.status ?? '-'}`));
      return 0;
    });
  },
};
