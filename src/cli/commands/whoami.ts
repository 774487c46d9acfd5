// `vcd-token whoami`: who the credentials authenticate as (user, org, roles).
import { COMMON_OPTIONS, CONNECTION_OPTIONS, TOKEN_INPUT_OPTIONS } from '../arguments';
import type { CliCommand } from '../command';
import { connectionWithTokenFile } from '../connection';
import { refuseTwoCredentials, withAnySession } from '../session';

export const whoamiCommand: CliCommand = {
  name: 'whoami',
  summary: 'Show the user, org and roles the credentials authenticate as',
  usage: [
    'vcd-token whoami [--json]',
    '',
    'Uses VCD_USER/VCD_PASSWORD when given, else the API token. A password login answers with the session',
    'itself; with an API token the exchanged session is read with GET /cloudapi/1.0.0/sessions/current.',
    'A password together with --token-file or --token-stdin is refused (exit 2): give one credential.',
  ],
  options: { ...COMMON_OPTIONS, ...CONNECTION_OPTIONS, ...TOKEN_INPUT_OPTIONS },
  async run({ io, out, values }) {
    refuseTwoCredentials(values, io, 'whoami');
    return withAnySession(connectionWithTokenFile(values, io), values, io, out, async (client, opened) => {
      // The login's body is the same Session document GET sessions/current returns: no second request.
      const info = opened.session.info ?? (await client.whoami(opened.session));
      const data = {
        user: out.safe(info.user.name),
        org: out.safe(info.org.name),
        roles: info.roles.map((r) => out.safe(r)),
        authenticatedWith: opened.via,
      };
      out.result(data, [`${data.user}@${data.org} (roles: ${data.roles.join(', ') || 'none'}; via ${data.authenticatedWith})`]);
      return 0;
    });
  },
};
