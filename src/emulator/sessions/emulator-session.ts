/** How a session was authenticated; API-token and service-account sessions carry VCD's restrictions. */
export type SessionAuthMethod = 'password' | 'apiToken' | 'serviceAccount';

/** A live bearer session, as the store hands it to a request. The access token itself is never stored. */
export interface EmulatorSession {
  /** `urn:vcloud:session:<uuid>` */
  readonly id: string;
  readonly userId: string;
  readonly orgId: string;
  readonly authMethod: SessionAuthMethod;
  /** The API token (`urn:vcloud:token:<clientId>`) or service account this session was minted from, if any. */
  readonly tokenId?: string;
  /** ms since the epoch. */
  readonly createdAt: number;
  /** ms since the epoch of the last authenticated request (idle timeout). */
  readonly lastUsedAt: number;
}
