// `vcd-token service-account <command>`: service accounts (VCD 10.4+), the identity meant for automation,
// authorized once by an administrator with the device flow; their token rotates on every use.
import type { CliCommand } from '../command';
import { authorizeServiceAccountCommand } from './service-account/authorize';
import { createServiceAccountCommand } from './service-account/create';
import { denyServiceAccountCommand, grantServiceAccountCommand } from './service-account/decide';
import { deleteServiceAccountCommand, revokeServiceAccountCommand } from './service-account/remove';
import { pushServiceAccountCommand } from './service-account/push';
import { listServiceAccountsCommand, statusServiceAccountCommand } from './service-account/status';

export const serviceAccountCommand: CliCommand = {
  name: 'service-account',
  summary: 'Service accounts (VCD 10.4+): create, authorize (device flow), grant, deny, status, list, revoke, delete, push',
  usage: [
    'vcd-token service-account <command> [options]',
    '',
    'A service account is an API-only identity with its own role. An administrator creates it, runs the device',
    'flow (authorize prints a user code), and an administrator grants the code; the token lands in a token file',
    'in the provider\'s service_account_token_file format. The token rotates on every use: wherever it is used,',
    'the new one must be saved (bootstrap and the provider do), and after a deploy `push` writes the token file',
    'back to the secret store (--to file|github|gitlab), where the next run\'s bootstrap reads it.',
  ],
  options: {},
  subcommands: [
    createServiceAccountCommand,
    authorizeServiceAccountCommand,
    grantServiceAccountCommand,
    denyServiceAccountCommand,
    statusServiceAccountCommand,
    listServiceAccountsCommand,
    revokeServiceAccountCommand,
    deleteServiceAccountCommand,
    pushServiceAccountCommand,
  ],
  async run() {
    // Never reached: the dispatcher runs a subcommand.
    return 2;
  },
};
