// `vcd-token service-account revoke|delete`: end an account's token (revoke) or the account itself (delete).
import { COMMON_OPTIONS, CONNECTION_OPTIONS } from '../../arguments';
import type { CliCommand } from '../../command';
import { ACCOUNT_OPTIONS, accountRef, withAdminSession } from '../../service-account-access';

export const revokeServiceAccountCommand: CliCommand = {
  name: 'revoke',
  summary: 'Revoke the account\'s token and end its sessions (status back to CREATED)',
  usage: [
    'vcd-token service-account revoke (--name <name> | --id <urn>) [--json]',
    '',
    'Every copy of the account\'s token stops working at once (token files, CI secrets). Authorize it again',
    'to get a new one. Needs an administrator\'s password session.',
  ],
  options: { ...COMMON_OPTIONS, ...CONNECTION_OPTIONS, ...ACCOUNT_OPTIONS },
  async run({ io, out, values }) {
    return withAdminSession(values, io, out, async (access) => {
      const account = await access.client.serviceAccounts.revoke(access.session, accountRef(values, access.accountOrg));
      out.result({ serviceAccount: { id: account.id, name: out.safe(account.name), org: out.safe(account.org.name), status: 'CREATED' } }, [
        `Revoked service account ${out.safe(account.name)} (${account.id}): its token no longer works anywhere. Authorize it again for a new one.`,
      ]);
      return 0;
    });
  },
};

export const deleteServiceAccountCommand: CliCommand = {
  name: 'delete',
  summary: 'Delete a service account (waits for VCD\'s task)',
  usage: ['vcd-token service-account delete (--name <name> | --id <urn>) [--json]', '', 'Already gone (or invisible to this administrator) is reported as such, exit 0.'],
  options: { ...COMMON_OPTIONS, ...CONNECTION_OPTIONS, ...ACCOUNT_OPTIONS },
  async run({ io, out, values }) {
    return withAdminSession(values, io, out, async (access) => {
      const result = await access.client.serviceAccounts.delete(access.session, accountRef(values, access.accountOrg));
      out.result({ id: out.safe(result.id), status: result.status }, [
        result.status === 'deleted' ? `Deleted service account ${out.safe(result.id)}.` : `Service account ${out.safe(result.id)} does not exist (or this administrator cannot see it); nothing deleted.`,
      ]);
      return 0;
    });
  },
};
