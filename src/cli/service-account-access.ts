// What every `vcd-token service-account` command shares: a VcdClient (service accounts are on the client, not on
// the TokenApi interface), an administrator's password session, which org the account lives in, and which
// account the command is about (--name or --id). Administrators: a System administrator (VCD_SYS_ORG=System,
// VCD_ORG=<tenant>) or an org administrator of the tenant (VCD_ORG=<tenant>).
import { openVcdClient } from '../bootstrap/client-factory';
import type { BearerSession, ServiceAccountRef, VcdClient } from '../client';
import { stringOption, type OptionSpecs, type ParsedArguments } from './arguments';
import type { CliIo, CliOutput } from './cli-io';
import { type ConnectionSettings, requirePassword, requireUser, resolveConnection, warnInsecure } from './connection';
import { clientSettings } from './session';
import { CliUsageError } from './usage-error';

/** Selects the account: exactly one of these. */
export const ACCOUNT_OPTIONS: OptionSpecs = {
  name: { type: 'string', valueName: 'name', description: 'Service account name (in --org / VCD_ORG)' },
  id: { type: 'string', valueName: 'urn', description: 'Service account id, urn:vcloud:serviceAccount:<uuid>' },
};

export interface AdminAccess {
  readonly client: VcdClient;
  readonly session: BearerSession;
  readonly settings: ConnectionSettings;
  /** The org the service account lives in (VCD_ORG / --org; the login org when only that is given). */
  readonly accountOrg: string;
}

/** The org of the account: --org / VCD_ORG, else the login org (VCD_SYS_ORG / --sys-org). */
export function accountOrgOf(values: ParsedArguments['values'], io: CliIo, settings: ConnectionSettings): string {
  return stringOption(values, 'org') ?? (io.env.VCD_ORG || undefined) ?? settings.org;
}

/** A VcdClient with the CLI's settings (see clientSettings). */
export function openServiceAccountClient(settings: ConnectionSettings, io: CliIo, out: CliOutput): VcdClient {
  warnInsecure(settings, out);
  return openVcdClient(clientSettings(settings, io));
}

/**
 * Logs an administrator in (VCD_USER and VCD_PASSWORD / --password-stdin), runs `work`, then logs out and closes,
 * whatever happened. Managing service accounts needs a password session: token sessions are refused by VCD.
 */
export async function withAdminSession<T>(values: ParsedArguments['values'], io: CliIo, out: CliOutput, work: (access: AdminAccess) => Promise<T>): Promise<T> {
  const settings = resolveConnection(values, io);
  const user = requireUser(values, io);
  const password = await requirePassword(values, io);
  const accountOrg = accountOrgOf(values, io, settings);
  const client = openServiceAccountClient(settings, io, out);
  let session: BearerSession | undefined;
  try {
    session = await client.loginWithPassword({ org: settings.org, user, password });
    return await work({ client, session, settings, accountOrg });
  } finally {
    if (session) await client.logout(session).catch(() => undefined);
    await client.close().catch(() => undefined);
  }
}

/** `--name` (in the account org) or `--id`, exactly one. */
export function accountRef(values: ParsedArguments['values'], accountOrg: string): ServiceAccountRef {
  const name = stringOption(values, 'name');
  const id = stringOption(values, 'id');
  if ((name === undefined) === (id === undefined)) {
    throw new CliUsageError('Name the service account with exactly one of --name <name> (in --org / VCD_ORG) or --id <urn:vcloud:serviceAccount:…>.');
  }
  return id !== undefined ? { id } : { name: name as string, org: accountOrg };
}

/** Seconds as "9 min 50 s" (or "0.2 s" below ten seconds). */
export function duration(seconds: number): string {
  if (seconds > 0 && seconds < 10 && !Number.isInteger(seconds)) return `${Math.round(seconds * 10) / 10} s`;
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  return s % 60 === 0 ? `${s / 60} min` : `${Math.floor(s / 60)} min ${s % 60} s`;
}
