// `vcd-token list`: tokens visible to the session (own tokens; all of the org with "API Tokens: Manage All").
import { checkedTokenName, COMMON_OPTIONS, CONNECTION_OPTIONS, stringOption, TOKEN_INPUT_OPTIONS } from '../arguments';
import type { CliCommand } from '../command';
import { connectionWithTokenFile } from '../connection';
import { refuseTwoCredentials, withAnySession } from '../session';

export const listCommand: CliCommand = {
  name: 'list',
  summary: 'List API tokens (id, name, owner, org; never the secret)',
  usage: [
    'vcd-token list [--name <name>] [--owner <user>] [--json]',
    '',
    'Authenticates with VCD_USER/VCD_PASSWORD when given, else with the API token (VCD_API_TOKEN,',
    'VCD_API_TOKEN_FILE, --token-file, --token-stdin). A password together with --token-file or --token-stdin',
    'is refused (exit 2): give one credential.',
  ],
  options: {
    ...COMMON_OPTIONS,
    ...CONNECTION_OPTIONS,
    ...TOKEN_INPUT_OPTIONS,
    name: { type: 'string', valueName: 'name', description: 'Only tokens created with this name (VCD shows <name>~<suffix>)' },
    owner: { type: 'string', valueName: 'user', description: 'Only tokens of this owner' },
  },
  async run({ io, out, values }) {
    const givenName = stringOption(values, 'name');
    const name = givenName === undefined ? undefined : checkedTokenName(givenName);
    refuseTwoCredentials(values, io, 'list');
    return withAnySession(connectionWithTokenFile(values, io), values, io, out, async (client, opened) => {
      const owner = stringOption(values, 'owner');
      // By the name tokens were created as: VCD names each `<name>~<attempt suffix>`.
      const tokens = await client.listTokens(opened.session, { ...(name ? { createdAs: name } : {}), ...(owner ? { owner } : {}) });
      const rows = tokens.map((t) => ({ id: t.id, name: out.safe(t.name), owner: out.safe(t.owner.name), org: out.safe(t.org.name), type: out.safe(t.type) }));
      out.result(
        { tokens: rows },
        rows.length === 0 ? ['No tokens.'] : rows.map((r) => `${r.id}  ${r.name}  owner=${r.owner}  org=${r.org}  type=${r.type}`),
      );
      return 0;
    });
  },
};
