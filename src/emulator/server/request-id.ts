import { randomUUID } from 'node:crypto';

const CLIENT_REQUEST_ID = /^[A-Za-z0-9-]+$/;

/**
 * `X-VMWARE-VCLOUD-REQUEST-ID`: the first 128 characters of a valid client request id, `-`, a random UUID;
 * just a UUID when the client id is absent or invalid (GOVCD api.go comment).
 */
export function responseRequestId(clientRequestId: string | string[] | undefined): string {
  const value = Array.isArray(clientRequestId) ? clientRequestId[0] : clientRequestId;
  if (value && CLIENT_REQUEST_ID.test(value)) return `${value.slice(0, 128)}-${randomUUID()}`;
  return randomUUID();
}
