// `vcd-token exchange`: prove an API token works. One request: VCD answering the refresh-token grant with a
// bearer is its word that the token is valid. `--verify` also uses the bearer on GET /api/org, as the vmware/vcd
// provider does after its exchange (two more requests: the version negotiation and the call).
import { booleanOption, COMMON_OPTIONS, CONNECTION_OPTIONS, TOKEN_INPUT_OPTIONS } from '../arguments';
import type { CliCommand } from '../command';
import { requireApiToken, resolveConnection, tokenFileFallback } from '../connection';
import { closeQuietly, openClient } from '../session';
import { maskSecret, planTokenOutputForBearer } from '../bearer-output';
import { exchangeKeepingRotation } from '../token-exchange';

export const exchangeCommand: CliCommand = {
  name: 'exchange',
  summary: 'Exchange an API token for a bearer session (proves the token valid)',
  usage: [
    'vcd-token exchange [--token-file <path> | --token-stdin] [--verify] [--reveal] [--json]',
    '',
    'Reads the API token from --token-stdin, --token-file / VCD_API_TOKEN_FILE or VCD_API_TOKEN and exchanges it',
    'at /oauth/.../token (one request). Exit 4 if the token is invalid or revoked. --verify also calls',
    'GET /api/org with the bearer, as the vmware/vcd provider does (two more requests).',
    'The URL and org default to the token file\'s vcd_url and org. --reveal prints the bearer (refused in CI).',
  ],
  options: {
    ...COMMON_OPTIONS,
    ...CONNECTION_OPTIONS,
    ...TOKEN_INPUT_OPTIONS,
    verify: { type: 'boolean', description: 'Also call GET /api/org with the bearer (+2 requests)' },
    reveal: { type: 'boolean', description: 'Print the bearer access token on stdout (refused in CI unless --force)' },
    force: { type: 'boolean', description: 'Allow --reveal in CI' },
  },
  async run({ io, out, values }) {
    const given = await requireApiToken(values, io);
    const settings = resolveConnection(values, io, tokenFileFallback(given.file));
    const plan = planTokenOutputForBearer(values, io);
    const client = openClient(settings, io, out);
    try {
      // A rotated token is saved to the token file (under its lock) before the bearer is even verified.
      const { session, token } = await exchangeKeepingRotation(client, settings, given, io);
      if (booleanOption(values, 'verify')) await client.verifyBearer(session);
      if (booleanOption(values, 'reveal')) {
        maskSecret(plan, out, session.accessToken.reveal());
        out.raw(`${session.accessToken.reveal()}\n`);
      }
      out.result(
        { ok: true, org: out.safe(session.org), expiresIn: session.expiresIn ?? null, tokenId: token.file?.tokenId ?? null, verified: booleanOption(values, 'verify') },
        [`API token is valid: bearer session in org ${out.safe(session.org)}${session.expiresIn !== undefined ? `, expires in ${session.expiresIn} s` : ''}`],
      );
      return 0;
    } finally {
      await closeQuietly(client);
    }
  },
};
