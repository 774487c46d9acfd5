// `vcd-token service-account create`: register a service account (and with --authorize run the device flow).
import { booleanOption, COMMON_OPTIONS, CONNECTION_OPTIONS, stringOption } from '../../arguments';
import type { CliCommand } from '../../command';
import { AUTHORIZE_OPTIONS, authorizeAndSave, describeAuthorized, planAuthorization } from '../../service-account-authorization';
import { withAdminSession } from '../../service-account-access';
import { CliUsageError } from '../../usage-error';
import { derivedSoftwareId } from '../../../vcd/software-id';

export const createServiceAccountCommand: CliCommand = {
  name: 'create',
  summary: 'Register a service account (VCD 10.4+) with a role; --authorize also runs the device flow',
  usage: [
    'vcd-token service-account create --name <name> --role <role> [--org <org>]',
    '                                 [--authorize [--token-file <path>] [--env <name> --to file|github|gitlab …]] [--json]',
    '',
    'Logs in as an administrator (VCD_USER / VCD_PASSWORD in VCD_ORG, or VCD_SYS_ORG=System for a provider',
    'administrator) and registers the service account in the org (--org / VCD_ORG). The account has no token',
    'until it is authorized: with --authorize this command starts the device flow, prints the user code for an',
    'administrator to grant (vcd-token service-account grant), waits, and writes the token file.',
  ],
  options: {
    ...COMMON_OPTIONS,
    ...CONNECTION_OPTIONS,
    name: { type: 'string', valueName: 'name', description: 'Service account name, unique in the org (required)' },
    role: { type: 'string', valueName: 'role', description: 'Role it acts with: a role of the org or a global role published to it (required)' },
    'software-id': { type: 'string', valueName: 'uuid', description: 'VCD software_id [default: a UUID derived from org and name]' },
    'software-version': { type: 'string', valueName: 'version', description: 'VCD software_version' },
    'client-uri': { type: 'string', valueName: 'uri', description: 'VCD client_uri: where the software using it lives' },
    authorize: { type: 'boolean', description: 'Also run the device flow and write the token (as `authorize`)' },
    ...AUTHORIZE_OPTIONS,
  },
  async run({ io, out, values }) {
    const name = stringOption(values, 'name');
    const role = stringOption(values, 'role');
    if (!name) throw new CliUsageError('Missing --name <name>: the name of the service account to create.');
    if (!role) throw new CliUsageError('Missing --role <role>: the role the service account acts with (a role of the org, or a global role published to it).');
    const authorize = booleanOption(values, 'authorize');
    if (!authorize && ['token-file', 'deadline', 'to'].some((flag) => values[flag] !== undefined)) {
      throw new CliUsageError('--token-file, --deadline and --to belong to the device flow: add --authorize, or run `vcd-token service-account authorize` later.');
    }
    const plan = authorize ? planAuthorization(values, io, name) : undefined;
    return withAdminSession(values, io, out, async (access) => {
      const org = access.accountOrg;
      const softwareId = stringOption(values, 'software-id') ?? derivedSoftwareId(`${org.toLowerCase()}/${name}`);
      const softwareVersion = stringOption(values, 'software-version');
      const uri = stringOption(values, 'client-uri');
      const created = await access.client.serviceAccounts.register(access.session, {
        name,
        role,
        softwareId,
        org,
        ...(softwareVersion !== undefined ? { softwareVersion } : {}),
        ...(uri !== undefined ? { uri } : {}),
      });
      const lines = [`Created service account ${out.safe(name)} (${created.id}) in org ${out.safe(created.org)} with role ${out.safe(role)}${created.reconciled ? ' (found again after a lost answer)' : ''}`];
      const account = { id: created.id, name, org: created.org, role, softwareId, reconciled: created.reconciled };
      if (!plan) {
        out.result({ serviceAccount: { ...account, status: 'CREATED' } }, [...lines, `Next: vcd-token service-account authorize --name ${out.safe(name)} (an administrator then grants the user code).`]);
        return 0;
      }
      const done = await authorizeAndSave(access, { id: created.id, name, org: created.org }, plan, io, out);
      const where = describeAuthorized(done);
      out.result({ serviceAccount: { ...account, status: 'ACTIVE' }, ...where.json }, [...lines, `Authorized: ${where.line}.`]);
      return 0;
    });
  },
};

