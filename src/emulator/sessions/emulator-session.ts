/** How a session was authenticated; API-token and service-account sessions carry VCD's restrictions. */
export type SessionAuthMethod = 'password' | 'apiToken' | 'serviceAccount';

/** A live bearer session. The access token itself is never stored, only its sha256. */
export interface EmulatorSession {
  /** `urn:vcloud:session:<uuid>` */
  readonly id: string;
  readonly userId: string;
  readonly orgId: string;
  readonly authMethod: SessionAuthMethod;
  /** The API token (`urn:vcloud:token:<clientId>`) this session was minted from, if any. */
  readonly tokenId?: string;
  /** ms since the epoch. */
  readonly createdAt: number;
  /** ms since the epoch; moved forward on every authenticated request (idle timeout). */
  lastUsedAt: number;
  /** hex sha256 of the access token (JWT). */
  readonly accessTokenHash: string;
}
