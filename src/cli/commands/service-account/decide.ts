// `vcd-token service-account grant|deny`: the administrator's side of the device flow, by user code.
import { COMMON_OPTIONS, CONNECTION_OPTIONS, stringOption } from '../../arguments';
import type { CliCommand } from '../../command';
import { withAdminSession } from '../../service-account-access';
import { CliUsageError } from '../../usage-error';

function decisionCommand(decision: 'grant' | 'deny'): CliCommand {
  const granting = decision === 'grant';
  return {
    name: decision,
    summary: granting ? 'Approve a pending device authorization by its user code (administrator)' : 'Refuse a pending device authorization by its user code (administrator)',
    usage: [
      `vcd-token service-account ${decision} --user-code <code> [--json]`,
      '',
      'Logs in as an administrator of the account\'s org (or a System administrator) with VCD_USER / VCD_PASSWORD',
      granting
        ? 'and grants the request whose user code `authorize` printed; the waiting `authorize` then gets the token.'
        : 'and denies the request whose user code `authorize` printed; the waiting `authorize` then stops (exit 5).',
    ],
    options: {
      ...COMMON_OPTIONS,
      ...CONNECTION_OPTIONS,
      'user-code': { type: 'string', valueName: 'code', description: 'The user code shown by authorize, e.g. BCDF-GHJK (required)' },
    },
    async run({ io, out, values }) {
      const userCode = stringOption(values, 'user-code');
      if (!userCode) throw new CliUsageError(`Missing --user-code <code>: the code \`vcd-token service-account authorize\` printed.`);
      return withAdminSession(values, io, out, async (access) => {
        if (granting) await access.client.serviceAccounts.grant(access.session, userCode);
        else await access.client.serviceAccounts.deny(access.session, userCode);
        const shown = out.safe(userCode.trim());
        out.result({ userCode: shown, decision: granting ? 'granted' : 'denied' }, [
          granting ? `Granted the device authorization with user code ${shown}.` : `Denied the device authorization with user code ${shown}.`,
        ]);
        return 0;
      });
    },
  };
}

export const grantServiceAccountCommand = decisionCommand('grant');
export const denyServiceAccountCommand = decisionCommand('deny');
